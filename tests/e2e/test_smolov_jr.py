"""Smolov Jr through the API: one lift four days a week (6x6 @ 70%, 7x5 @ 75%, 8x4 @ 80%,
10x3 @ 85% of the 1RM), plus X each week (week 2 +X, week 3 +2X) where X is the `weekly-add`
option chosen at enrollment, then a 1RM test that writes the max; the program then ends
(COMPLETED) and the lifter enrolls again. Worked numbers: programs-detail.md #22 (squat 1RM 300,
X = 10 lb), nearest 5 lb / 2.5 kg, halves up."""

from __future__ import annotations

from tests.e2e.frontend import changes, weights

ONE_RM = {"squat.1rm": 300}


def run_week(app) -> list[list[float]]:
    """Every session of the current week, logged as prescribed: the squat loads of each."""
    return [weights(app.complete_workout()[0], "squat") for _ in range(app.days_in_week(1))]


def test_three_weeks_adding_x_then_a_test_that_ends_the_program(frontend):
    """`GET /programs/{slug}` lists the program's `options` (here X, a weight with bounds and a
    default); the enrollment sends the lifter's choice in `options` and shows it in
    `enrollment.options`. A program whose schedule ends (`repeats: false`) finishes in the
    COMPLETED state: the last finish answers it, with the one available action `enroll`;
    next-cycle is refused (409 not_enrolled) and enrolling again starts anew, here from the
    tested max with another X."""
    app = frontend("smolov-jr")
    app.register()
    option = {o["id"]: o for o in app.shape["options"]}["weekly-add"]
    assert (option["kind"], option["default"], option["minimum"], option["maximum"]) == (
        "weight", {"lb": 10, "kg": 5}, {"lb": 5, "kg": 2.5}, {"lb": 20, "kg": 10})
    enrolled = app.enroll(ONE_RM, {"weekly-add": 10})
    assert enrolled["enrollment"]["options"]["weekly-add"]["lb"] == 10

    # Week 1: 70% 210 x6 x6, 75% 225 x5 x7, 80% 240 x4 x8, 85% 255 x3 x10.
    assert run_week(app) == [[210] * 6, [225] * 7, [240] * 8, [255] * 10]
    # Week 2 (+X = 10): 220, 235, 250, 265.
    assert run_week(app) == [[220] * 6, [235] * 7, [250] * 8, [265] * 10]
    # Week 3 (+2X = 20): 230, 245, 260, 275.
    assert run_week(app) == [[230] * 6, [245] * 7, [260] * 8, [275] * 10]

    # Week 4: one session, a 1RM to work up to (no weight prescribed); 315 made becomes the max.
    workout = app.start()
    assert [(s["kind"], s["target_reps"], s["weight"]) for s in workout["sets"]] == [("rm_find", 1, None)]
    app.log_set(workout, workout["sets"][0]["set_index"], 1, 315)
    finished = app.finish(workout)
    assert changes(finished) == {"squat": (300, 315, "tested-max", "AFTER_WEEK")}
    assert finished["state"]["enrollment_status"] == "COMPLETED"

    # Enrolling again from the tested max with X = 15: week 1 on 315: 70% 220.5 -> 220,
    # 75% 236.25 -> 235, 80% 252 -> 250, 85% 267.75 -> 270.
    app.enroll_again({"squat.1rm": 315}, {"weekly-add": 15})
    assert run_week(app) == [[220] * 6, [235] * 7, [250] * 8, [270] * 10]
    # Week 2 (+15): 235.5 -> 235, 251.25 -> 250, 267 -> 265, 282.75 -> 285.
    assert run_week(app) == [[235] * 6, [250] * 7, [265] * 8, [285] * 10]


def test_the_default_x_in_kilograms(frontend):
    """A kg lifter leaving X out gets the default 5 kg: 1RM 140 kg, week 3 (+10 kg) day 4:
    85% 119 + 10 = 129 -> 130; day 1: 70% 98 + 10 = 108 -> 107.5."""
    app = frontend("smolov-jr", unit="kg")
    app.register()
    enrolled = app.enroll({"squat.1rm": 140})
    assert enrolled["enrollment"]["options"] == {"weekly-add": {"lb": 10, "kg": 5}}
    assert run_week(app)[0] == [97.5] * 6  # 98 -> 97.5
    run_week(app)
    week3 = run_week(app)
    assert (week3[0], week3[3]) == ([107.5] * 6, [130] * 10)


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
