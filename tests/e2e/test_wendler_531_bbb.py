"""5/3/1 Boring But Big through the API: the frontend team's guide to a 4-week wave program.

The program's numbers (every day's wave and BBB loads from the training maxes, nothing moving
before the cycle's last finish, the TMs rising there and a stalled + set lowering one, cycle
2's loads) are its worked examples, in specs/programs/wendler-531-bbb.yaml, run by
test_program_examples.py. This module keeps what is about the API: the state block after
every call through the 16 workouts (the week and cycle machines moving on the last day of
each), BETWEEN_CYCLES, next-cycle, and the recording the frontend guide shows.
"""

from __future__ import annotations

from tests.e2e.frontend import weights

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


def test_the_training_max_percent_is_an_option_chosen_at_enrollment(frontend):
    """tm-percent 85 (5/3/1 Forever) instead of the default 90: squat 1RM 400 -> TM 340; week 1
    squat day 65% 221 -> 220, 75% 255, 85% 289 -> 290+; BBB 50% 170. Any other value is a 422."""
    app = frontend("wendler-531-bbb")
    app.register()
    option = {o["id"]: o for o in app.shape["options"]}["tm-percent"]
    assert (option["kind"], option["values"], option["default"]) == ("enum", [85, 90], 90)
    refused = app.call("enroll with a TM percent the program does not offer", "POST",
                       f"/users/{app.lifter.id}/enrollment",
                       {"program": "wendler-531-bbb", "options": {"tm-percent": 80}}, 422)
    assert refused["code"] == "invalid_option" and refused["option"] == {"values": [85, 90]}
    assert refused["invalid_fields"][0]["path"] == "$.options.tm-percent"
    enrolled = app.enroll(ONE_RMS, {"tm-percent": 85})
    assert enrolled["enrollment"]["options"] == {"tm-percent": 85}
    tms = {s["slot"]: s["weight"] for s in enrolled["enrollment"]["slots"]}
    assert tms["squat"] == 340
    for _ in range(3):  # press, deadlift, bench days
        app.complete_workout()
    squat = weights(app.start(), "squat")
    assert squat == [220, 255, 290] + [170] * 5
