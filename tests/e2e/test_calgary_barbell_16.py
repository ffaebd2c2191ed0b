"""Calgary Barbell 16-Week through the API: four phases and a taper to a meet.

The program's numbers (each phase's loads as a % of the 1RM, the day 3 squat variation by
phase, RPE top sets at the chart's load, the meet week, nothing progressing) are its worked
examples, in specs/programs/calgary-barbell-16.yaml, run by test_program_examples.py. This
module keeps what is about the API: the state block through all 64 workouts, the lifter's
loads and RPEs sent with the sets, the end at the meet and running it again from the same maxes.
"""

from __future__ import annotations

import pytest

from tests.e2e.calgary import ONE_RMS, run_workout

pytestmark = pytest.mark.sqlite_only


def test_a_lifter_runs_the_sixteen_weeks_to_the_meet(frontend):
    """Every workout of the four phases and the taper, then the program again."""
    app = frontend("calgary-barbell-16")
    app.register()
    app.enroll(ONE_RMS)
    for _ in range(16 * 4):
        run_workout(app)
    assert app.enrollment()["state"]["enrollment_status"] == "BETWEEN_CYCLES"  # the meet ends the program
    app.next_cycle()
    slots = {s["slot"]: s["weight"] for s in app.enrollment()["enrollment"]["slots"]}
    assert slots == {"squat": 300, "bench-press": 200, "deadlift": 400}
    workout = app.start()
    assert (workout["cycle_iteration"], workout["week"], workout["day_index"]) == (2, 1, 0)
