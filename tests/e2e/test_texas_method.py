"""Texas Method through the API, as a frontend drives it: the state block at every step.

The program's numbers (Monday/Wednesday/Friday loads from one weight, the AFTER_WEEK raise on
Friday's finish, a missed Friday holding that lift, cycle 2's loads) are its worked examples,
in specs/programs/texas-method.yaml, run by test_program_examples.py. This module keeps what
is about the API: the full state block after every call, including bodyweight sets logged
with a weight of 0, and the recording the frontend guide shows.
"""

from __future__ import annotations

INPUTS = {"squat.5rm": 300, "bench-press.5rm": 175, "overhead-press.5rm": 120,
          "deadlift.work": 355, "power-clean.work": 135}


def test_a_new_lifter_runs_the_first_cycle_and_friday_raises_the_week(frontend):
    """Two weeks (Monday, Wednesday, Friday) at their targets; progressions only on Fridays."""
    app = frontend("texas-method")
    app.register()
    app.enroll(INPUTS)  # ACTIVE / PENDING / PENDING
    for _week in (1, 2):
        for day in range(3):
            workout, finished = app.complete_workout()
            assert bool(finished["progressions_applied"]) == (day == 2)  # AFTER_WEEK, on Friday
    assert finished["state"]["enrollment_status"] == "BETWEEN_CYCLES"
    app.next_cycle()
    workout = app.start()
    assert (workout["cycle_iteration"], workout["week"], workout["day_index"]) == (2, 1, 0)
