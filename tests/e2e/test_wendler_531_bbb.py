"""5/3/1 Boring But Big through the API: the frontend team's guide to a 4-week wave program.

The program's numbers (every day's wave and BBB loads from the training maxes, nothing moving
before the cycle's last finish, the TMs rising there and a stalled + set lowering one, cycle
2's loads) are its worked examples, in specs/programs/wendler-531-bbb.yaml, run by
test_program_examples.py. This module keeps what is about the API: the state block after
every call through the 16 workouts (the week and cycle machines moving on the last day of
each), BETWEEN_CYCLES, next-cycle, and the recording the frontend guide shows.
"""

from __future__ import annotations

ONE_RMS = {"squat.1rm": 400, "deadlift.1rm": 400, "bench-press.1rm": 200, "overhead-press.1rm": 135}


def test_a_new_lifter_runs_the_whole_first_cycle_and_the_training_maxes_move(frontend):
    """16 workouts at their targets; the last finish completes the cycle and moves every TM."""
    app = frontend("wendler-531-bbb")
    app.register()
    app.enroll(ONE_RMS)  # ACTIVE / PENDING / PENDING at cycle 1, week 1, day 0
    last = app.complete_cycle()
    assert last["state"]["enrollment_status"] == "BETWEEN_CYCLES"
    assert {p["trigger"] for p in last["progressions_applied"]} == {"AFTER_CYCLE"}
    app.next_cycle()
    workout, _ = app.complete_workout()
    assert (workout["cycle_iteration"], workout["week"], workout["day_index"]) == (2, 1, 0)
