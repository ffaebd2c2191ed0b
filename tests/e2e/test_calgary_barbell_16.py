"""Calgary Barbell 16-Week through the API: a meet preparation in four phases and a taper week.

Four days a week for 16 weeks: weeks 1-4 hypertrophy and base (straight sets at 64-71% of the
1RM), 5-8 strength (heavy and light sets), 9-11 peaking (volume at 78-81%), 12-15
intensification (an RPE top set of each competition lift at the RPE chart load of the 1RM,
programs-detail.md 2.4, then back-offs at a fixed % of the 1RM), week 16 the taper by days out
from the meet. Percentage sets of variations (pin squat, 3-count pause bench, SLDL...) load from
their competition lift's 1RM; RPE sets of variations and accessories are the lifter's load. The
day 3 squat variation changes with the phase. Nothing progresses inside the program; it ends at
the meet (COMPLETED), and enrolling again starts from the same maxes.

Starting 1RMs (programs-detail.md 2.5): squat 300, bench 200, deadlift 400. Loads nearest 5 lb,
halves up. The test runs all 64 workouts (about 970 sets), every set at its target reps and RPE.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.e2e.calgary import ONE_RMS, run_workout
from tests.e2e.frontend import weights

pytestmark = pytest.mark.sqlite_only


def test_a_lifter_runs_the_sixteen_weeks_to_the_meet(frontend):
    """Every workout of the four phases and the taper; representative days checked by hand."""
    app = frontend("calgary-barbell-16")
    app.register()
    app.enroll(ONE_RMS)

    seen = {}
    for _ in range(16 * 4):
        workout = run_workout(app)
        seen[(workout["week"], workout["day_index"] + 1)] = workout
    finished_state = app.enrollment()["state"]
    assert finished_state["enrollment_status"] == "COMPLETED"  # the meet ends the program

    # Week 1 day 1: squat 4x7 @ 64% = 192 -> 190; comp pause bench 4x7 @ 64% = 128 -> 130;
    # overhead press 3x8 @ RPE 8 at the lifter's load.
    day = seen[(1, 1)]
    assert weights(day, "squat") == [190] * 4 and weights(day, "bench-press") == [130] * 4
    assert {(s["weight"], s["target_reps"], s["rpe"]) for s in day["sets"] if s["lift"] == "overhead-press"} == {
        (None, 8, 8)}
    # Day 2: deadlift 4x7 @ 64% = 256 -> 255; 3-count pause bench 3x5 @ 57% of the bench 1RM
    # = 114 -> 115.
    assert weights(seen[(1, 2)], "deadlift") == [255] * 4
    assert weights(seen[(1, 2)], "long-pause-bench-press") == [115] * 3
    # Day 3: pin squat 3x6 @ 62% of the squat 1RM = 186 -> 185.
    assert weights(seen[(1, 3)], "pin-squat") == [185] * 3
    # Day 4: 2-count pause deadlift 3x6 @ 60% = 240; touch-and-go bench 4x10 @ 60% = 120;
    # SLDL 3x8 @ 38% of the deadlift 1RM = 152 -> 150.
    day = seen[(1, 4)]
    assert weights(day, "paused-deadlift") == [240] * 3 and weights(day, "touch-and-go-bench-press") == [120] * 4
    assert weights(day, "stiff-leg-deadlift") == [150] * 3
    # Week 2 day 1: squat 4x6 @ 67% = 201 -> 200; bench 67% = 134 -> 135.
    assert weights(seen[(2, 1)], "squat") == [200] * 4 and weights(seen[(2, 1)], "bench-press") == [135] * 4

    # Strength phase, week 5 day 1: squat 3x3 @ 76% = 228 -> 230, then 2x5 @ 65% = 195.
    assert weights(seen[(5, 1)], "squat") == [230] * 3 + [195] * 2
    # Peaking, week 9 day 1: squat 5x4 @ 78% = 234 -> 235, 2x4 @ 67% = 201 -> 200; comp pause bench
    # 6x4 @ 78% = 156 -> 155, 2x4 @ 67% = 134 -> 135.
    assert weights(seen[(9, 1)], "squat") == [235] * 5 + [200] * 2
    assert weights(seen[(9, 1)], "bench-press") == [155] * 6 + [135] * 2

    # Intensification, week 12 day 1: squat 1x3 @ RPE 8 = 86.3% x 300 = 258.9 -> 260, then
    # 6x5 @ 62% = 186 -> 185. Week 14 day 1: bench 1x1 @ RPE 9 = 95.5% x 200 = 191 -> 190,
    # 5x4 @ 68% = 136 -> 135.
    top = [s for s in seen[(12, 1)]["sets"] if s["lift"] == "squat"][0]
    assert (top["target_reps"], top["rpe"], top["percent"]) == (3, 8, 86.3)
    assert weights(seen[(12, 1)], "squat") == [260] + [185] * 6
    assert weights(seen[(14, 1)], "bench-press") == [190] + [135] * 5

    # The day 3 squat variation by phase: pin squat, 2-count pause squat (strength and peaking),
    # pin squat again; from week 5 on it is loaded by RPE at the lifter's choice.
    assert [seen[(week, 3)]["sets"][0]["lift"] for week in (1, 5, 9, 12)] == [
        "pin-squat", "paused-squat", "paused-squat", "pin-squat"]
    pin = [s for s in seen[(12, 3)]["sets"] if s["lift"] == "pin-squat"]
    assert [(s["weight"], s["target_reps"], s["rpe"]) for s in pin] == [(None, 3, 8), (None, 4, 9), (None, 4, 9)]

    # Week 16, the meet week: 5 days out, squat opener (lifter's), 3x2 @ 78% = 234 -> 235;
    # 2 days out, deadlift 1x3 @ 71% = 284 -> 285.
    assert seen[(16, 1)]["name"] == "Week 16, 5 days out"
    assert weights(seen[(16, 1)], "squat") == [None] + [235] * 3
    assert weights(seen[(16, 4)], "deadlift") == [285]

    # Enrolling again for the next meet: the maxes are as entered, week 1 is unchanged.
    app.enroll_again(ONE_RMS)
    slots = {s["slot"]: s["weight"] for s in app.enrollment()["enrollment"]["slots"]}
    assert slots == {"squat": 300, "bench-press": 200, "deadlift": 400}
    assert weights(app.start(), "squat") == [190] * 4


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
