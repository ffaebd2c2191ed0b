"""A workout's stored answer patched in place (a set logged, sets re-prescribed, a finish) is the
answer rendered whole from its rows: after every command, on a program whose later sets load
from a logged set (RTS: fatigue sets from the top set as logged) and on a plain one, with
corrections, a deleted set and a change of unit in between (those render it whole)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from engine import accounts
from engine.bootstrap import bootstrap
from engine.commands import (
    CorrectSet,
    DeleteSet,
    Enroll,
    FinishWorkout,
    InputValue,
    LogSet,
    StartWorkout,
    UpdateAccount,
    UpdateWorkout,
)
from engine.db.models import User, WorkoutSession
from engine.json_codec import dumps, loads
from engine.programs import Weight
from engine.queries.display import as_stored
from engine.queries.rendering import workout_json
from engine.queries.workouts import workout_view
from tests.support.work_sets import work_indices

RTS = "rts-intermediate"
RTS_INPUTS = tuple(InputValue(f"{lift}.1rm", Weight.of(w, "lb"))
                   for lift, w in (("squat", 315), ("bench-press", 225), ("deadlift", 405)))


@pytest.fixture
def services(db_engine):
    return bootstrap(db=db_engine)


def _lifter(services, program: str, inputs) -> str:
    user_id = accounts.register(services.uow(), "patches@example.com", "correct horse",
                                token_lifetime_seconds=3600).account.id
    services.handle(Enroll(user_id, program, inputs))
    return user_id


def _stored_and_rendered(services, workout_id: str):
    with services.uow() as uow:
        session = uow.session
        row = session.get(WorkoutSession, workout_id)
        unit = session.get(User, row.user_id).weight_unit
        assert row.answer_unit == unit
        rendered = as_stored(workout_json(workout_view(services, session, row)), unit)
        assert row.answer == dumps(rendered)  # the stored text, byte for byte, is a whole render's
        return loads(row.answer), rendered


def test_every_set_logged_leaves_the_answer_a_whole_render_would_store(services):
    user_id = _lifter(services, RTS, RTS_INPUTS)
    workout = services.handle(StartWorkout(user_id)).result
    before, _ = _stored_and_rendered(services, workout)
    # The squat top set at RPE 10 for 5 re-estimates the max (AFTER_SET): the squat sets still to
    # come are prescribed again, and only they and the logged set are rendered again.
    top, following = work_indices(before)[:2]  # the squat's warm-ups come before its top set
    outcome = services.handle(LogSet(user_id, workout, top, 5, rpe=Decimal(10)), answer=True)
    stored, rendered = _stored_and_rendered(services, workout)
    assert stored == rendered
    assert outcome.answer["workout"] == stored
    assert stored["sets"][following]["weight"] != before["sets"][following]["weight"]
    assert stored["sets"][top]["logged"]["rpe"] == 10
    for item in stored["sets"][top + 1:]:
        services.handle(LogSet(user_id, workout, item["set_index"], 5, weight=Decimal(str(item["weight"])),
                               rpe=Decimal(8)))
        stored, rendered = _stored_and_rendered(services, workout)
        assert stored == rendered
        assert stored["sets"][item["set_index"]]["logged"]["reps"] == 5
    services.handle(UpdateWorkout(user_id, workout, note="felt heavy"))
    outcome = services.handle(FinishWorkout(user_id, workout, note="done"), answer=True)
    stored, rendered = _stored_and_rendered(services, workout)
    assert stored == rendered
    assert (stored["status"], stored["note"]) == ("COMPLETED", "done")
    assert outcome.answer["workout"] == stored


def test_corrections_and_a_deleted_set_render_it_whole(services):
    inputs = (InputValue("squat.work", Weight.of(100, "lb")), InputValue("bench-press.work", Weight.of(80, "lb")),
              InputValue("barbell-row.work", Weight.of(70, "lb")),
              InputValue("overhead-press.work", Weight.of(60, "lb")),
              InputValue("deadlift.work", Weight.of(120, "lb")))
    user_id = _lifter(services, "stronglifts-5x5", inputs)
    workout = services.handle(StartWorkout(user_id)).result
    steps = [
        LogSet(user_id, workout, 0, 5),
        LogSet(user_id, workout, 1, 4, weight=Decimal("102.5")),
        CorrectSet(user_id, workout, 1, reps=5),
        DeleteSet(user_id, workout, 0),
        LogSet(user_id, workout, 0, 5),
        LogSet(user_id, workout, 2, 5),
        FinishWorkout(user_id, workout),
    ]
    first_id = None
    for command in steps:
        services.handle(command)
        if first_id is None:
            first_id = _stored_and_rendered(services, workout)[0]["sets"][0]["logged"]["id"]
        stored, rendered = _stored_and_rendered(services, workout)
        assert stored == rendered, command
    assert stored["sets"][1]["logged"]["reps"] == 5  # the correction
    assert stored["sets"][0]["logged"]["id"] != first_id  # deleted, then logged again


def test_every_set_of_a_531_workout_in_kg_logged_leaves_a_whole_render_s_answer(services):
    # Maxes entered in lb, shown and prescribed in kg; an AMRAP set among them (its estimated 1RM,
    # a weight too, is in the answer): each set logged is patched in, only its `logged` rendered.
    inputs = tuple(InputValue(f"{lift}.1rm", Weight.of(w, "lb"))
                   for lift, w in (("squat", 315), ("bench-press", 225), ("deadlift", 405), ("overhead-press", 135)))
    user_id = _lifter(services, "wendler-531-bbb", inputs)
    services.handle(UpdateAccount(user_id, weight_unit="kg"))
    workout = services.handle(StartWorkout(user_id)).result
    stored, _ = _stored_and_rendered(services, workout)
    for item in stored["sets"]:
        weight = None if item["weight"] is not None else Decimal(0)  # a bodyweight set (chin-ups)
        outcome = services.handle(LogSet(user_id, workout, item["set_index"], 6, weight=weight, rpe=Decimal("8.5")),
                                  answer=True)
        stored, rendered = _stored_and_rendered(services, workout)
        assert stored == rendered and outcome.answer["workout"] == stored
    assert any(item["is_amrap"] and item["logged"]["e1rm"] is not None for item in stored["sets"])
    assert {item["logged"]["unit"] for item in stored["sets"]} == {"kg"}
