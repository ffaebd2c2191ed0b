"""Sets still to come after a logged set: a deload made ON_FAILURE waits for the next session.

A program whose squat drops to 90% on its first failed session (ON_FAILURE): the failed set
changes the slot at once, but the squat sets left in that workout keep the weight they were
prescribed; the next workout gets the deloaded weight.
"""

from __future__ import annotations

import shutil
from decimal import Decimal

import pytest

from engine import accounts
from engine.bootstrap import bootstrap
from engine.commands import Enroll, FinishWorkout, InputValue, LogSet, StartWorkout
from engine.config import PROJECT_ROOT, Settings
from engine.db.models import WorkoutSession
from engine.programs import Weight

PROGRAM = """\
schema_version: 1
slug: tiny-failure
name: Tiny failure
author: PowerPro tests
source: tests/engine
description: Squat 3x5; one failed session drops it to 90%.
level: novice
inputs:
  squat.work: {lift: squat, kind: work_weight, description: Starting squat weight}
slots:
  squat: {lift: squat, kind: work_weight, initial: {from: squat.work, round: nearest}}
workouts:
  a: {name: Workout A, exercises: [{lift: squat, sets: [{sets: 3, reps: 5}]}]}
schedule:
  weeks: [{days: [a, a]}]
  after_cycle: repeat
progressions:
  - id: deload
    description: One failed squat session drops it to 90%.
    type: deload
    trigger: ON_FAILURE
    slots: [squat]
    after_failures: 1
    change: {percent: 90, round: nearest}
"""


@pytest.fixture
def services(db_engine, tmp_path):
    specs = tmp_path / "specs"
    shutil.copytree(PROJECT_ROOT / "specs" / "machines", specs / "machines")
    shutil.copy(PROJECT_ROOT / "specs" / "lifts.yaml", specs / "lifts.yaml")
    (specs / "programs").mkdir()
    (specs / "programs" / "tiny-failure.yaml").write_text(PROGRAM, encoding="utf-8")
    return bootstrap(Settings(specs_dir=specs), db=db_engine)


def prescribed_weights(services, workout_id: str) -> list[Decimal]:
    with services.uow() as uow:
        return [s.weight.value for s in uow.session.get(WorkoutSession, workout_id).prescription]


def test_a_deload_on_failure_leaves_the_rest_of_the_session_at_its_weight(services):
    user_id = accounts.register(services.uow(), "lifter@example.com", "correct horse",
                                token_lifetime_seconds=3600).account.id
    services.handle(Enroll(user_id, "tiny-failure", (InputValue("squat.work", Weight.of(200, "lb")),)))
    workout = services.handle(StartWorkout(user_id)).result
    outcome = services.handle(LogSet(user_id, workout, 0, 3))  # 3 of 5: the session failed
    assert [(c.slot, c.new_weight.value) for c in outcome.progressions] == [("squat", 180)]
    assert prescribed_weights(services, workout) == [200, 200, 200]  # not 200, 180, 180
    services.handle(LogSet(user_id, workout, 1, 5))
    assert prescribed_weights(services, workout) == [200, 200, 200]
    services.handle(LogSet(user_id, workout, 2, 5))
    services.handle(FinishWorkout(user_id, workout))
    assert prescribed_weights(services, services.handle(StartWorkout(user_id)).result) == [180, 180, 180]
