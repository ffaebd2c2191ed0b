"""What each command answers: the view of what it changed, read inside its own transaction.

``engine.service.handle(..., answer=True)`` builds the answer after the events are handled and
before the commit, from the answers it has just stored (``uow.answers``), so a response never
needs a second transaction: a connection lost after the commit cannot turn a saved change into
an error, and the answer is exactly what committed.

An answer is in its owner's unit, as the stored answers are (``shown_in``): the API converts it
only for a reader who chose another unit.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ..accounts import account_of
from ..commands import (
    AbandonWorkout,
    AdvanceWeek,
    Command,
    CorrectSet,
    DeleteSet,
    Enroll,
    FinishWorkout,
    LogSet,
    NextCycle,
    Quit,
    SetEquipment,
    StartWorkout,
    UpdateAccount,
    UpdateWorkout,
)
from ..db import repository
from ..db.models import User, UserProgramState, WorkoutSession
from ..db.unit_of_work import UnitOfWork
from .display import as_stored
from .record_bests import broken
from .rendering import enrollment_json, plain, workout_json
from .state import enrollment_view
from .workouts import workout_state, workout_view

Answer = Callable[[Any, UnitOfWork, Command, str], dict[str, Any]]


def enrollment_answer(ctx, uow: UnitOfWork, command: Command, result: str) -> dict[str, Any]:
    """The enrollment the command acted on (its result is the enrollment id)."""
    return _enrollment(ctx, uow, result)


def workout_answer(ctx, uow: UnitOfWork, command: Command, result: str) -> dict[str, Any]:
    """The workout the command acted on: the one it names, or the one it started."""
    session = uow.session
    row = session.get(WorkoutSession, getattr(command, "workout_id", result))
    workout = uow.answers.get(("workout", row.id))
    if workout is None:
        workout = _shown(uow, row.user_id, workout_json(workout_view(ctx, session, row)))
    stored = uow.answers.get(("enrollment", row.user_program_state_id))
    if stored is not None:
        return {"workout": workout, "state": stored["state"]}
    # The enrollment's answer did not change (a set logged): its state block, from rows in hand.
    enrollment_row = session.get(UserProgramState, row.user_program_state_id)
    return {"workout": workout, "state": plain(workout_state(ctx, session, row, enrollment_row))}


def log_set_answer(ctx, uow: UnitOfWork, command: Command, result: str) -> dict[str, Any]:
    """The workout, and the personal records the set (its id is the result) just broke."""
    row = repository.set_of_workout(uow.session, command.workout_id, result)
    records = as_stored(broken(uow.session, row), shown_in(uow, row.user_id))
    return {**workout_answer(ctx, uow, command, result), "records": records}


def _enrollment(ctx, uow: UnitOfWork, enrollment_id: str) -> dict[str, Any]:
    stored = uow.answers.get(("enrollment", enrollment_id))
    if stored is not None:
        return stored
    row = uow.session.get(UserProgramState, enrollment_id)
    return _shown(uow, row.user_id, enrollment_json(enrollment_view(ctx, uow.session, row)))


def shown_in(uow: UnitOfWork, user_id: str) -> str:
    """The unit a command's answer shows its weights in: its owner's (``user_id``'s)."""
    return uow.session.get(User, user_id).weight_unit


def _shown(uow: UnitOfWork, user_id: str, answer: dict[str, Any]) -> dict[str, Any]:
    return as_stored(answer, shown_in(uow, user_id))


def account_answer(ctx, uow: UnitOfWork, command: Command, result: str) -> dict[str, Any]:
    """The account as updated (its result is the user id)."""
    return {"account": account_of(repository.user(uow.session, result))}


def equipment_answer(ctx, uow: UnitOfWork, command: Command, result: str) -> dict[str, Any]:
    """The equipment as saved (its result is the user id)."""
    return {"equipment": ctx.catalog.equipment(repository.user(uow.session, result)).to_json()}


ANSWERS: Mapping[type, Answer] = {
    Enroll: enrollment_answer,
    Quit: enrollment_answer,
    NextCycle: enrollment_answer,
    AdvanceWeek: enrollment_answer,
    StartWorkout: workout_answer,
    LogSet: log_set_answer,
    FinishWorkout: workout_answer,
    AbandonWorkout: workout_answer,
    CorrectSet: workout_answer,
    DeleteSet: workout_answer,
    UpdateAccount: account_answer,
    UpdateWorkout: workout_answer,
    SetEquipment: equipment_answer,
}


def answer(ctx, uow: UnitOfWork, command: Command, result: str) -> dict[str, Any]:
    """The JSON values the API answers (``engine/queries/rendering.py``), mostly the answers the
    unit of work just stored (``engine/handlers/stored_state.py``)."""
    return ANSWERS[type(command)](ctx, uow, command, result)
