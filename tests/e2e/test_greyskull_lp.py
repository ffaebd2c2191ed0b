"""GreySkull LP through the API: the last set's AMRAP decides each lift's next weight.

GreySkull LP (John Sheaffer; Phrak's layout) alternates A = overhead press, chin-ups, squat
and B = bench press, barbell row, deadlift, three days a week (A/B/A, then B/A/B). Every
main lift is 2x5 then 1x5+ at one weight (deadlift only the 1x5+). After each workout
(AFTER_SESSION), per lift, the AMRAP reps r pick the next weight:
r >= 10 -> two steps, 5 <= r <= 9 -> one step, r < 5 (or an earlier set short) -> 90%,
where a step is +2.5 lb for upper-body lifts and +5 lb for squat and deadlift, and loads
round to 2.5 lb (microplates). Chin-ups are bodyweight and never progress.

The numbers (the bench AMRAP at 7, 10 and then 4 in its three sessions: one step, two steps,
-10%; a squat AMRAP of 10: two lower steps; cycle 2's loads) are the program's worked examples
in specs/programs/greyskull-lp.yaml (test_program_examples.py). This module keeps the state
blocks, and an earlier set short of five with a good AMRAP, which the scenario vocabulary
cannot say (its `fail` shortens every set of the lift).

Starting work weights (lb): press 75, squat 135, bench 150, row 95, deadlift 185.
"""

from __future__ import annotations

import pytest

from tests.e2e.frontend import changes

pytestmark = pytest.mark.sqlite_only

WORK_WEIGHTS = {"overhead-press.work": 75, "squat.work": 135, "bench-press.work": 150,
                "barbell-row.work": 95, "deadlift.work": 185}


def test_a_new_lifter_runs_the_first_cycle_and_the_amraps_set_the_steps(frontend):
    """Six workouts at their targets: nothing changes when a set is logged (the AMRAP is read
    after the session), every finish moves its lifts, BETWEEN_CYCLES after the sixth."""
    app = frontend("greyskull-lp")
    app.register()
    app.own_microplates()  # its loads round to 2.5 lb: 1.25 lb a side
    app.enroll(WORK_WEIGHTS)  # ACTIVE / PENDING / PENDING
    for _ in range(6):
        workout = app.start()
        assert app.log_prescribed_sets(workout) == []
        assert app.finish(workout)["progressions_applied"]
    app.next_cycle()
    app.complete_workout()


def test_an_earlier_set_short_of_five_deloads_even_with_a_good_amrap(frontend):
    """Press 75: the second set gets 4 reps, the AMRAP 8: the press still drops to 90%."""
    app = frontend("greyskull-lp")
    app.register()
    app.own_microplates()  # its loads round to 2.5 lb: 1.25 lb a side
    app.enroll(WORK_WEIGHTS)
    workout = app.start()
    press = [s["set_index"] for s in workout["sets"] if s["lift"] == "overhead-press"]
    app.log_prescribed_sets(workout, {press[1]: 4, press[2]: 8})
    # 75 x 0.9 = 67.5 (already a multiple of 2.5).
    assert changes(app.finish(workout))["overhead-press"] == (75, 67.5, "amrap-progression", "AFTER_SESSION")
