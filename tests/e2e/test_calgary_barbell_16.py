"""Calgary Barbell 16-Week through the API: four phases and a taper to a meet.

The program's numbers (each phase's loads as a % of the 1RM, the day 3 squat variation by
phase, RPE top sets at the chart's load, the meet week, nothing progressing) are its worked
examples, in specs/programs/calgary-barbell-16.yaml, run by test_program_examples.py. This
module keeps what is about the API: the state block through all 64 workouts, the lifter's
loads and RPEs sent with the sets, the end at the meet and enrolling again from the same maxes.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.e2e.calgary import ONE_RMS, run_workout
from tests.e2e.frontend import weights

pytestmark = pytest.mark.sqlite_only


def test_a_lifter_runs_the_sixteen_weeks_to_the_meet(frontend):
    """Every workout of the four phases and the taper, then the program again."""
    app = frontend("calgary-barbell-16")
    app.register()
    app.enroll(ONE_RMS)
    for _ in range(16 * 4):
        run_workout(app)
    assert app.enrollment()["state"]["enrollment_status"] == "COMPLETED"  # the meet ends the program
    app.enroll_again(ONE_RMS)
    slots = {s["slot"]: s["weight"] for s in app.enrollment()["enrollment"]["slots"]}
    assert slots == {"squat": 300, "bench-press": 200, "deadlift": 400}
    workout = app.start()
    assert (workout["cycle_iteration"], workout["week"], workout["day_index"]) == (1, 1, 0)


def test_a_meet_date_picks_the_starting_week_and_the_weeks_count_down_to_it(frontend):
    """The meet 38 days from today: 38 // 7 = 5 whole weeks after this one, so the lifter starts
    in week 16 - 5 = 11, whose end is 35 days before the meet (today + 3). Week 11 Day 1 squat
    (1RM 300): 3x3 @ 79% 237 -> 235, 2x4 @ 72% 216 -> 215. A meet in the past, or closer than
    the 4 weeks the program needs (20 days: only 2 whole weeks after this one), is a 422 naming
    the field; one further away than the 16 weeks starts at week 1."""
    today = datetime.now(UTC).date()
    app = frontend("calgary-barbell-16")
    app.register()
    option = {o["id"]: o for o in app.shape["options"]}["meet-date"]
    assert (option["kind"], option["default"]) == ("date", None)
    for meet, reason in ((today - timedelta(days=1), "is in the past"),
                         (today + timedelta(days=20), f"on or after {(today + timedelta(days=21)).isoformat()}")):
        refused = app.call("enroll for a meet the program cannot reach", "POST", f"/users/{app.lifter.id}/enrollment",
                           {"program": "calgary-barbell-16", "inputs": {k: {"weight": v, "unit": "lb"}
                                                                        for k, v in ONE_RMS.items()},
                            "options": {"meet-date": meet.isoformat()}}, 422)
        assert refused["code"] == "invalid_option" and reason in refused["detail"], refused["detail"]
        assert refused["invalid_fields"][0]["path"] == "$.options.meet-date"
    not_a_date = app.call("enroll with a meet date that is no date", "POST", f"/users/{app.lifter.id}/enrollment",
                          {"program": "calgary-barbell-16", "options": {"meet-date": "2027-02-30"}}, 422)
    assert not_a_date["invalid_fields"][0]["path"] == "$.options.meet-date"

    meet = today + timedelta(days=38)
    enrolled = app.enroll(ONE_RMS, {"meet-date": meet.isoformat()}, week=11)
    assert enrolled["enrollment"]["options"] == {"meet-date": meet.isoformat()}
    upcoming = enrolled["enrollment"]["next_workout"]
    assert upcoming["name"] == "Week 11, Day 1"
    assert upcoming["countdown"] == {"date": meet.isoformat(), "week_ends_on": (today + timedelta(days=3)).isoformat(),
                                     "days_out_at_week_end": 35, "label": "5 weeks out"}
    assert weights(run_workout(app), "squat") == [235] * 3 + [215] * 2


def test_a_meet_further_away_than_the_program_starts_at_week_one(frontend):
    """200 days out: 28 whole weeks, more than the 15 after week 1, so week 1 (15 weeks out)."""
    app = frontend("calgary-barbell-16")
    app.register()
    enrolled = app.enroll(ONE_RMS, {"meet-date": (datetime.now(UTC).date() + timedelta(days=200)).isoformat()})
    assert enrolled["enrollment"]["next_workout"]["countdown"]["label"] == "15 weeks out"
