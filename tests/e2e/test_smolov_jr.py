"""Smolov Jr through the API: the option X chosen at enrollment, and a program that ends.

The program's numbers (every session's load for X = 10 and 15 lb and the default 5 kg, the
week-4 test writing the max, a missed test keeping it, COMPLETED) are its worked examples, in
specs/programs/smolov-jr.yaml, run by test_program_examples.py. This module keeps what is
about the API: `GET /programs/{slug}` listing the option, `enrollment.options` showing the
choice (or the default filled in), a 422 for a value the option does not allow, the state
block through the 13 workouts, and what a COMPLETED enrollment allows.
"""

from __future__ import annotations

ONE_RM = {"squat.1rm": 300}


def test_three_weeks_adding_x_then_a_test_that_ends_the_program(frontend):
    """`GET /programs/{slug}` lists the program's `options` (here X, a weight with bounds and a
    default); the enrollment sends the lifter's choice in `options` and shows it in
    `enrollment.options`. A program whose schedule ends finishes in the COMPLETED state: the
    last finish answers it, with the one available action `enroll`; next-cycle is refused
    (409 not_enrolled) and enrolling again starts anew, here from the tested max with another X."""
    app = frontend("smolov-jr")
    app.register()
    option = {o["id"]: o for o in app.shape["options"]}["weekly-add"]
    assert (option["kind"], option["default"], option["minimum"], option["maximum"]) == (
        "weight", {"lb": 10, "kg": 5}, {"lb": 5, "kg": 2.5}, {"lb": 20, "kg": 10})
    enrolled = app.enroll(ONE_RM, {"weekly-add": 10})
    assert enrolled["enrollment"]["options"]["weekly-add"]["lb"] == 10
    for _ in range(3 * 4):  # three loading weeks of four sessions
        app.complete_workout()

    workout = app.start()  # week 4: the test, a weight the lifter chooses
    assert [(s["kind"], s["target_reps"], s["weight"]) for s in workout["sets"]] == [("rm_find", 1, None)]
    app.log_prescribed_sets(workout, chosen_weight=315)
    finished = app.finish(workout)
    assert finished["state"]["enrollment_status"] == "COMPLETED"

    enrolled = app.enroll_again({"squat.1rm": 315}, {"weekly-add": 15})
    assert enrolled["enrollment"]["options"]["weekly-add"]["lb"] == 15
    assert {s["slot"]: s["weight"] for s in enrolled["enrollment"]["slots"]} == {"squat": 315}


def test_the_default_x_is_filled_in(frontend):
    """A kg lifter leaving X out: the enrollment stores the default, in both units."""
    app = frontend("smolov-jr", unit="kg")
    app.register()
    enrolled = app.enroll({"squat.1rm": 140})
    assert enrolled["enrollment"]["options"] == {"weekly-add": {"lb": 10, "kg": 5}}


def test_an_option_out_of_bounds_is_a_422_naming_the_field(frontend):
    app = frontend("smolov-jr")
    app.register()
    for value, bounds in ((25, "from 5 to 20 lb"), ("ten", "from 5 to 20 lb")):
        refused = app.call("enroll with an X the program does not allow", "POST",
                           f"/users/{app.lifter.id}/enrollment",
                           {"program": "smolov-jr", "inputs": {"squat.1rm": {"weight": 300, "unit": "lb"}},
                            "options": {"weekly-add": value}}, 422)
        assert refused["code"] == "invalid_option" and bounds in refused["detail"]
        assert refused["invalid_fields"][0]["path"] == "$.options.weekly-add"
        assert refused["option"] == {"minimum": 5, "maximum": 20, "unit": "lb"}
    unknown = app.call("enroll with an option the program does not have", "POST",
                       f"/users/{app.lifter.id}/enrollment",
                       {"program": "smolov-jr", "options": {"tm-percent": 85}}, 422)
    assert unknown["invalid_fields"][0]["path"] == "$.options.tm-percent"
    app.call("(nothing was enrolled)", "GET", f"/users/{app.lifter.id}/enrollment", None, 409)
