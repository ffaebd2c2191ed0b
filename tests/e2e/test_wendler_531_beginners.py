"""5/3/1 for Beginners through the API: two main lifts a day, the same wave twice a week.

The program's numbers (each day's wave and FSL loads from the training maxes, nothing moving
before the cycle's last finish, the TMs rising there and one stalled bench + set lowering the
bench TM shared by its two days, cycle 2's loads) are its worked examples, in
specs/programs/wendler-531-beginners.yaml, run by test_program_examples.py. This module keeps
what is about the API: the state block through the nine workouts and the 50-rep assistance
sets (kind ``total_reps``, bodyweight) a frontend logs.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.sqlite_only

ONE_RMS = {"squat.1rm": 300, "bench-press.1rm": 200, "deadlift.1rm": 400, "overhead-press.1rm": 135}


def test_a_new_lifter_runs_the_whole_first_cycle_and_the_training_maxes_move(frontend):
    """Nine workouts at their targets, each with three 50-rep assistance totals; BETWEEN_CYCLES."""
    app = frontend("wendler-531-beginners")
    app.register()
    app.enroll(ONE_RMS)  # ACTIVE / PENDING / PENDING
    workout = app.enrollment()["enrollment"]["next_workout"]
    assert [s["target_reps"] for s in workout["sets"] if s["kind"] == "total_reps"] == [50] * 3
    last = app.complete_cycle()
    assert {p["trigger"] for p in last["progressions_applied"]} == {"AFTER_CYCLE"}
    app.next_cycle()
    app.start()
