"""Bill Starr 5x5 (Madcow's linear version) through the API: ramps to a weekly top set.

The program's numbers (Monday's ramp to T, Wednesday's light day, Friday's triple at 102.5%
of T becoming next Monday's top set, a missed Monday top set repeating the week for that
lift) are its worked examples, in specs/programs/bill-starr-5x5.yaml, run by
test_program_examples.py. This module keeps what is about the API: the state block through
the one-week cycle, the assistance the lifter loads, and next-cycle.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.sqlite_only

FIVE_RMS = {"squat.5rm": 258, "bench-press.5rm": 180, "barbell-row.5rm": 150,
            "incline-bench-press.5rm": 150, "deadlift.5rm": 330}


def test_a_new_lifter_runs_the_week_and_the_friday_triple_becomes_the_next_top_set(frontend):
    """Monday, Wednesday, Friday at target; Friday's finish ends the one-week cycle."""
    app = frontend("bill-starr-5x5")
    app.register()
    app.enroll(FIVE_RMS)  # ACTIVE / PENDING / PENDING
    friday = app.complete_cycle()
    assert {p["trigger"] for p in friday["progressions_applied"]} == {"AFTER_WEEK"}
    app.next_cycle()
    app.complete_workout()
