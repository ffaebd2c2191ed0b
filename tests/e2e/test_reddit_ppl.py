"""Reddit PPL (Metallicadpa) through the API: pull, push, legs twice a week, a one-week cycle.

Each day opens with a main lift (deadlift 1x5+; bench, row or press 4x5, 1x5+; squat 2x5,
1x5+). When a workout is finished, a main lift whose sets all reached 5 reps goes up for its
next session (AFTER_SESSION): +5 lb squat and deadlift, +2.5 lb bench, row and press
(programs.md's "+5 lower / +2.5 upper", specs/programs/reddit-ppl.yaml; loads round to 2.5 lb).
A main-lift set short of its reps counts a failed session as soon as it is logged (ON_FAILURE);
the third failed session in a row takes 10% off, rounded to 2.5 lb. Accessories are rep ranges
(3x8-12, 5x15-20) with double progression: when every set reaches the top of the range, +5 lb
and back to the bottom. An accessory without a starting weight is the lifter's choice and does
not progress.

The numbers (each main lift's step, the lat pulldown reaching the top of its range, three
failed squat sessions taking 10% off, the second week's loads) are the program's worked
examples in specs/programs/reddit-ppl.yaml (test_program_examples.py). This module keeps the
state block at every step and the lifter's-choice weights a frontend sends.

Starting work weights (programs-detail.md #20): deadlift 185, bench 115, squat 135, row 95,
press 75; lat pulldown 100, lateral raise 15, the secondary (3x8-12) press 50.
"""

from __future__ import annotations

START = {
    "deadlift.work": 185, "bench-press.work": 115, "squat.work": 135, "barbell-row.work": 95,
    "overhead-press.work": 75, "lat-pulldown.start": 100, "lateral-raise.start": 15,
    "overhead-press.secondary-start": 50,
}
CHOSEN = 30  # what the lifter loads where the program leaves the weight to them


def test_a_week_of_main_lifts_and_accessories_then_the_second_week(frontend):
    """Six workouts, sets the program leaves to the lifter logged with their own weight; each
    finish moves that day's main lift; BETWEEN_CYCLES after Saturday, then week 2's Monday."""
    app = frontend("reddit-ppl")
    app.register()
    app.own_microplates()  # its loads round to 2.5 lb: 1.25 lb a side
    app.enroll(START)
    for _ in range(6):
        workout = app.start()
        assert any(s["weight"] is None for s in workout["sets"])  # a lifter's-choice accessory
        assert app.log_prescribed_sets(workout, chosen_weight=CHOSEN) == []
        finished = app.finish(workout)
        assert {p["rule"] for p in finished["progressions_applied"]} == {"main-lift"}
    assert finished["state"]["enrollment_status"] == "BETWEEN_CYCLES"
    app.next_cycle()
    app.start()
