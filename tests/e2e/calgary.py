"""What both Calgary Barbell E2E tests share: the lifter's maxes and openers, and one workout
run through its lifecycle with nothing progressing."""

from __future__ import annotations

ONE_RMS = {"squat.1rm": 300, "bench-press.1rm": 200, "deadlift.1rm": 400}
OPENERS = {"squat": 285, "bench-press": 190, "deadlift": 380}  # the lifter's choice, 5 days out
CHOSEN = 95  # the lifter's load for RPE variations and accessories; 0 for bodyweight work


def run_workout(app) -> dict:
    """Start, log every set at its target reps and RPE (the lifter's weight where none is
    prescribed), finish; nothing may progress at any step."""
    workout = app.start()
    for item in workout["sets"]:
        weight = None
        if item["weight"] is None:
            weight = OPENERS.get(item["lift"], 0 if item["basis"] == "bodyweight" else CHOSEN)
        answer = app.log_set(workout, item["set_index"], item["target_reps"] or 1, weight, rpe=item["rpe"])
        assert answer["progressions_applied"] == []
    finished = app.finish(workout)
    assert finished["progressions_applied"] == []
    return workout
