"""nSuns CAP3 through the API: a 3-week cycle of six days, each week one lift's heavy AMRAP test.

The program's numbers are its worked examples, in specs/programs/nsuns-cap3.yaml, run by
test_program_examples.py: every lift's loads from its training max, the HI days, the
secondaries' AMRAP, max-rep and EMOM loads, nothing moving during the cycle, and after it each
TM moving by its deciding AMRAP (a deadlift record, a missed squat, a bench at its minimum, a
missed press AMRAP), then cycle 2's loads. This module keeps what is about the API and the
example vocabulary cannot say: the kind of each of a secondary's three sets, the EMOM set
open-ended and logged as often as the lifter does it (no answer applies a rule), the HI sets'
tag, and the state block after every call through the 18 workouts, BETWEEN_CYCLES and next-cycle.
"""

from __future__ import annotations

import pytest

from tests.e2e.frontend import changes

pytestmark = pytest.mark.sqlite_only

EMS = {"bench-press.em": 200, "squat.em": 300, "deadlift.em": 400, "paused-deadlift.em": 350,
       "front-squat.em": 250, "close-grip-bench-press.em": 200, "overhead-press.em": 150,
       "seated-cable-row.em": 200, "barbell-row.em": 200}


def of(workout: dict, lift: str) -> list[dict]:
    return [s for s in workout["sets"] if s["lift"] == lift]


def test_the_emom_set_is_logged_as_often_as_done_and_the_cycle_runs_through(frontend):
    app = frontend("nsuns-cap3")
    app.register()
    app.enroll(EMS)

    # A secondary: an AMRAP, a max-rep set, then sets every minute until one falls short of 4.
    workout = app.start()
    amrap, mrs, emom = of(workout, "close-grip-bench-press")
    assert [(s["kind"], s["is_amrap"], s["open_ended"]) for s in (amrap, mrs, emom)] == [
        ("work", True, False), ("mrs", True, False), ("until_failure", False, True)]
    assert app.log_prescribed_sets(workout) == []  # the EMOM set logged once, at 4
    for reps in (4, 4, 3):  # three more minutes, the last one short: the lifter stops
        assert changes(app.log_set(workout, emom["set_index"], reps)) == {}
    assert changes(app.finish(workout)) == {}

    # The other 17 workouts at their targets: the state block checked at every step.
    for _ in range(17):
        workout, finished = app.complete_workout()
        if (workout["week"], workout["day_index"]) == (1, 4):  # the deadlift HI day
            assert [(s["tag"], s["is_amrap"]) for s in of(workout, "deadlift")] == [("hi", True)] * 3
    assert finished["state"]["enrollment_status"] == "BETWEEN_CYCLES"
    assert {p["trigger"] for p in finished["progressions_applied"]} == {"AFTER_CYCLE"}
    app.next_cycle()
    workout, _ = app.complete_workout()
    assert (workout["cycle_iteration"], workout["week"], workout["day_index"]) == (2, 1, 0)
