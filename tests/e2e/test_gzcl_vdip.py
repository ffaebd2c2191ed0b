"""GZCL VDIP (Volume-Dependent Intensity Progression) through the API: one week of five days, repeated.

Every set is a max-rep set (open reps, logged). Each exercise keeps its own weight: T1 (3 sets)
starts at 85% of its training max, T2 (3 sets) at 65%, T3 (4 sets) at an entered 10RM (optional:
without one the lifter picks the weight, and it never progresses). When a workout is finished,
each exercise's weight moves by the total of its reps: T1 15+ +10 lb, 10-14 +5, fewer hold; T2 30+
+10, 25-29 +5, fewer hold; T3 50+ +5, fewer hold. Squat and front squat are T1 one day and T2
another, two separate weights. The numbers (each tier's weight, each row of
the three tables, week 2's loads) are the program's worked examples in
specs/programs/gzcl-vdip.yaml (test_program_examples.py); this module keeps the state blocks
and the open-rep sets a frontend logs.

Training maxes (a weight the lifter can double): squat 270, front squat 200, bench 180, deadlift
360, press 120, stiff-leg deadlift 240, Spoto press 160, push press 150; T3 10RMs entered for
some lifts only. Loads nearest 5 lb, halves up.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.sqlite_only

INPUTS = {
    "squat.2rm": 270, "front-squat.2rm": 200, "bench-press.2rm": 180, "deadlift.2rm": 360,
    "overhead-press.2rm": 120, "stiff-leg-deadlift.2rm": 240, "spoto-press.2rm": 160, "push-press.2rm": 150,
    "lunge.10rm": 60, "close-grip-bench-press.10rm": 115, "dumbbell-shoulder-press.10rm": 50,
    "seated-cable-row.10rm": 100, "incline-bench-press.10rm": 95, "barbell-row.10rm": 115, "barbell-curl.10rm": 65,
}
# Where no 10RM was entered the lifter picks the weight (pull-ups and dips: added load).
CHOSEN = {"pull-up": 0, "dumbbell-row": 60, "dip": 0}


def test_a_week_of_max_rep_sets_moves_each_weight_by_its_total(frontend):
    """Five days of max-rep sets (open reps: ten logged each; the lifter's weight where none is
    prescribed), then day 1 of week 2."""
    app = frontend("gzcl-vdip")
    app.register()
    app.enroll(INPUTS)
    for _ in range(5):
        workout = app.start()
        assert all(s["kind"] == "mrs" and s["target_reps"] is None and s["is_amrap"] for s in workout["sets"])
        for item in workout["sets"]:
            weight = None if item["weight"] is not None else CHOSEN[item["lift"]]
            assert app.log_set(workout, item["set_index"], 10, weight)["progressions_applied"] == []
        finished = app.finish(workout)
    assert finished["state"]["enrollment_status"] == "BETWEEN_CYCLES"
    app.next_cycle()
    app.start()
