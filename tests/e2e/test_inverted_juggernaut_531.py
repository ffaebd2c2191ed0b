"""Inverted Juggernaut 5/3/1 through the API: a sixteen-week cycle that repeats.

The program's numbers (each wave's volume, realization and 5/3/1 loads from the TMs, the
realization AMRAPs moving the TMs against the rep standards, cycle 2's loads) are its worked
examples, in specs/programs/inverted-juggernaut-531.yaml, run by test_program_examples.py.
This module keeps what is about the API: the state block through all 64 workouts, accessories
logged at the lifter's weight, and progressions appearing only on realization weeks' last
finish.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.sqlite_only

ONE_RMS = {"squat.1rm": 300, "bench-press.1rm": 200, "deadlift.1rm": 400, "overhead-press.1rm": 135}


def test_sixteen_weeks_of_waves_and_realization_tm_changes(frontend):
    """Every workout of the first cycle, each realization AMRAP two over its minimum."""
    app = frontend("inverted-juggernaut-531")
    app.register()
    app.own_microplates()  # its loads round to 2.5 lb: 1.25 lb a side
    app.enroll(ONE_RMS)
    for week in range(1, 17):
        for day in range(4):
            workout = app.start()
            reps = {s["set_index"]: s["target_reps"] + 2 for s in workout["sets"] if s["tag"] == "realization"}
            assert app.log_prescribed_sets(workout, reps=reps, chosen_weight=25) == []
            moved = bool(app.finish(workout)["progressions_applied"])
            assert moved == (week in (3, 7, 11, 15) and day == 3), (week, day)
    app.next_cycle()
    app.start()
