"""GreySkull LP through the API: the last set's AMRAP decides each lift's next weight.

GreySkull LP (John Sheaffer; Phrak's layout) alternates A = overhead press, chin-ups, squat
and B = bench press, barbell row, deadlift, three days a week (A/B/A, then B/A/B). Every
main lift is 2x5 then 1x5+ at one weight (deadlift only the 1x5+). After each workout
(AFTER_SESSION), per lift, the AMRAP reps r pick the next weight:
r >= 10 -> two steps, 5 <= r <= 9 -> one step, r < 5 (or an earlier set short) -> 90%,
where a step is +2.5 lb for upper-body lifts and +5 lb for squat and deadlift, and loads
round to 2.5 lb (microplates). Chin-ups are bodyweight and never progress.

The test shows a new lifter running the whole first cycle with the bench AMRAP at 7, 10 and
then 4 in its three sessions (one step, two steps, -10%), a squat AMRAP of 10 (two lower
steps), nothing changing when a set is logged, BETWEEN_CYCLES, and cycle 2's first workout.

Starting work weights (lb): press 75, squat 135, bench 150, row 95, deadlift 185.
"""

from __future__ import annotations

import pytest

from tests.e2e.frontend import changes, weights

pytestmark = pytest.mark.sqlite_only

WORK_WEIGHTS = {"overhead-press.work": 75, "squat.work": 135, "bench-press.work": 150,
                "barbell-row.work": 95, "deadlift.work": 185}


def run(app, lifts: tuple[str, ...], loads: dict[str, float], amraps: dict[str, int]) -> dict:
    """One workout: checks each lift's 2x5 + 1x5+ at its load, logs every set at 5 reps except
    the AMRAPs given, and returns {slot: change} of the finish."""
    workout = app.start()
    assert [s["lift"] for s in workout["sets"] if s["is_amrap"]] == list(lifts)
    for lift, load in loads.items():
        shape = [(s["target_reps"], s["is_amrap"]) for s in workout["sets"] if s["lift"] == lift]
        assert shape == ([(5, True)] if lift == "deadlift" else [(5, False), (5, False), (5, True)])
        assert set(weights(workout, lift)) == {load}
    reps = {s["set_index"]: amraps[s["lift"]] for s in workout["sets"] if s["is_amrap"] and s["lift"] in amraps}
    assert app.log_prescribed_sets(workout, reps) == []  # the AMRAP is read after the session
    return changes(app.finish(workout))


def test_a_new_lifter_runs_the_first_cycle_and_the_amraps_set_the_steps(frontend):
    """Six workouts; bench AMRAPs 7, 10, 4; one squat AMRAP of 10; every other AMRAP at 5."""
    app = frontend("greyskull-lp")
    app.register()
    app.own_microplates()  # its loads round to 2.5 lb: 1.25 lb a side
    app.enroll(WORK_WEIGHTS)  # ACTIVE / PENDING / PENDING
    A, B = ("overhead-press", "chin-up", "squat"), ("bench-press", "barbell-row", "deadlift")

    # Week 1, A: press 75, squat 135; squat AMRAP 10 -> two steps, +10.
    assert run(app, A, {"overhead-press": 75, "squat": 135}, {"squat": 10}) == {
        "overhead-press": (75, 77.5, "amrap-progression", "AFTER_SESSION"),  # r = 5: +2.5
        "squat": (135, 145, "amrap-progression", "AFTER_SESSION"),
    }
    # Week 1, B: bench 150, AMRAP 7 -> one step: 152.5 (programs.md). Row +2.5, deadlift +5.
    assert run(app, B, {"bench-press": 150, "barbell-row": 95, "deadlift": 185}, {"bench-press": 7}) == {
        "bench-press": (150, 152.5, "amrap-progression", "AFTER_SESSION"),
        "barbell-row": (95, 97.5, "amrap-progression", "AFTER_SESSION"),
        "deadlift": (185, 190, "amrap-progression", "AFTER_SESSION"),
    }
    # Week 1, A: press 77.5, squat 145, both r = 5.
    assert run(app, A, {"overhead-press": 77.5, "squat": 145}, {}) == {
        "overhead-press": (77.5, 80, "amrap-progression", "AFTER_SESSION"),
        "squat": (145, 150, "amrap-progression", "AFTER_SESSION"),
    }
    # Week 2, B: bench 152.5, AMRAP 10 -> two steps: 157.5.
    assert run(app, B, {"bench-press": 152.5, "barbell-row": 97.5, "deadlift": 190}, {"bench-press": 10}) == {
        "bench-press": (152.5, 157.5, "amrap-progression", "AFTER_SESSION"),
        "barbell-row": (97.5, 100, "amrap-progression", "AFTER_SESSION"),
        "deadlift": (190, 195, "amrap-progression", "AFTER_SESSION"),
    }
    # Week 2, A.
    assert run(app, A, {"overhead-press": 80, "squat": 150}, {}) == {
        "overhead-press": (80, 82.5, "amrap-progression", "AFTER_SESSION"),
        "squat": (150, 155, "amrap-progression", "AFTER_SESSION"),
    }
    # Week 2, B: bench 157.5, AMRAP 4 -> 90%: 141.75 -> 142.5 (nearest 2.5). The last workout
    # of the cycle: its finish moves the enrollment BETWEEN_CYCLES.
    assert run(app, B, {"bench-press": 157.5, "barbell-row": 100, "deadlift": 195}, {"bench-press": 4}) == {
        "bench-press": (157.5, 142.5, "amrap-progression", "AFTER_SESSION"),
        "barbell-row": (100, 102.5, "amrap-progression", "AFTER_SESSION"),
        "deadlift": (195, 200, "amrap-progression", "AFTER_SESSION"),
    }
    assert app.enrollment()["state"]["enrollment_status"] == "BETWEEN_CYCLES"

    app.next_cycle()
    workout = app.start()  # cycle 2 opens with A again: press 82.5, squat 155
    assert set(weights(workout, "overhead-press")) == {82.5} and set(weights(workout, "squat")) == {155}


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
