"""nSuns 5/3/1 LP, 5-day, through the API: a one-week cycle that repeats.

The program's numbers (each day's nine T1 sets and the T2 loaded from another lift's TM, the
1+ sets moving the TMs at the week's end, cycle 2's loads) are its worked examples, in
specs/programs/nsuns-531-lp-5day.yaml, run by test_program_examples.py. This module keeps
what is about the API: the state block through the week, AMRAP sets logged past their
minimum without any progression until the week's last finish, and next-cycle.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.sqlite_only

ONE_RMS = {"bench-press.1rm": 200, "squat.1rm": 300, "deadlift.1rm": 400, "overhead-press.1rm": 135}


def test_a_week_of_1_plus_sets_moves_each_training_max_by_its_reps(frontend):
    """Five days, every AMRAP set logged for 6 reps; only Friday's finish changes the TMs."""
    app = frontend("nsuns-531-lp-5day")
    app.register()
    app.enroll(ONE_RMS)
    for day in range(5):
        workout = app.start()
        amraps = {s["set_index"]: 6 for s in workout["sets"] if s["is_amrap"]}
        assert amraps and app.log_prescribed_sets(workout, amraps) == []
        finished = app.finish(workout)
        assert bool(finished["progressions_applied"]) == (day == 4)
    assert finished["state"]["enrollment_status"] == "BETWEEN_CYCLES"
    app.next_cycle()
    app.start()
