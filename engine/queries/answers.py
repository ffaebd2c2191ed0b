"""What each command answers: the view of what it changed, read inside its own transaction.

``engine.service.handle(..., answer=True)`` builds the answer after the events are handled and
before the commit, so a response never needs a second transaction: a connection lost after
the commit cannot turn a saved change into an error, and the answer is exactly what committed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from sqlalchemy.orm import Session

from ..accounts import account_of
from ..commands import (
    AbandonWorkout,
    AdvanceWeek,
    Command,
    Enroll,
    FinishWorkout,
    LogSet,
    NextCycle,
    Quit,
    StartWorkout,
    UpdateAccount,
)
from ..db import repository
from .state import enrollment_view
from .workouts import workout_detail

Answer = Callable[[Any, Session, Command, str], dict[str, Any]]


def enrollment_answer(ctx, session: Session, command: Command, result: str) -> dict[str, Any]:
    """The enrollment the command acted on (its result is the enrollment id)."""
    return enrollment_view(ctx, session, repository.enrollment(session, result))


def workout_answer(ctx, session: Session, command: Command, result: str) -> dict[str, Any]:
    """The workout the command acted on: the one it names, or the one it started."""
    workout_id = getattr(command, "workout_id", result)
    return workout_detail(ctx, session, repository.workout(session, workout_id))


def account_answer(ctx, session: Session, command: Command, result: str) -> dict[str, Any]:
    """The account as updated (its result is the user id)."""
    return {"account": account_of(repository.user(session, result))}


ANSWERS: Mapping[type, Answer] = {
    Enroll: enrollment_answer,
    Quit: enrollment_answer,
    NextCycle: enrollment_answer,
    AdvanceWeek: enrollment_answer,
    StartWorkout: workout_answer,
    LogSet: workout_answer,
    FinishWorkout: workout_answer,
    AbandonWorkout: workout_answer,
    UpdateAccount: account_answer,
}


def answer(ctx, session: Session, command: Command, result: str) -> dict[str, Any]:
    return ANSWERS[type(command)](ctx, session, command, result)
