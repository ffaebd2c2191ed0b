"""Running one engine command for a resource, so that every refusal says what to do instead."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from engine import queries
from engine.bootstrap import Services
from engine.commands import Command
from engine.errors import DomainError
from engine.service import Outcome

from .actions import available_actions
from .errors import status_of


@contextmanager
def refusals_with_actions(services: Services, user_id: str) -> Iterator[None]:
    """A refusal (a 409 DomainError) raised inside also carries ``allowed_actions``: the actions
    available now. A ``workout_already_in_progress`` refusal always names the workout in progress
    (``current_workout_session_id``), even when the engine lost a race and could not."""
    try:
        yield
    except DomainError as exc:
        if status_of(exc.code) == 409:
            now = queries.actions_now(services, services.uow(), user_id)
            exc.extensions["allowed_actions"] = available_actions(now.allowed_actions, user_id, now.workout_id)
            if exc.code == "workout_already_in_progress" and now.workout_id:
                exc.extensions.setdefault("current_workout_session_id", now.workout_id)
        raise


def execute(services: Services, user_id: str, command: Command) -> Outcome:
    """Run one command (one unit of work) and read its answer (``outcome.answer``) in that same
    transaction; see ``refusals_with_actions`` for its refusals."""
    with refusals_with_actions(services, user_id):
        return services.handle(command, answer=True)
