"""Account commands: the weight unit and the display name (PATCH /users/me).

A unit change raises USER_UNIT_CHANGED, so whatever keeps answers that show weights (a stored
state answer) can refresh them in the same unit of work. Stored weights are never converted:
answers show them in the user's unit (``engine/queries/display.py``). It is refused while a
workout is in progress: that workout's sets are prescribed, and logged, in the old unit.
"""

from __future__ import annotations

from ..context import Context
from ..db import repository
from ..db.models import User, UserProgramState, new_id
from ..db.unit_of_work import UnitOfWork
from ..errors import NotFound, WorkoutAlreadyInProgress
from ..events import USER_UNIT_CHANGED, Event
from . import KEEP, UpdateAccount


def lock_account(session, user_id: str) -> tuple[UserProgramState | None, User]:
    """The user's live enrollment and the user, both locked in the lock order (decision 0004): the
    enrollment first, which start_workout locks before it reads the unit and plates to prescribe
    with; then the user."""
    enrollment = repository.live_enrollment(session, user_id, lock=True)
    user = repository.lock_user(session, user_id)
    if user is None:
        raise NotFound(f"There is no user {user_id}.")
    return enrollment, user


def update_account(cmd: UpdateAccount, uow: UnitOfWork, ctx: Context) -> str:
    session = uow.session
    enrollment, user = lock_account(session, cmd.user_id)
    if cmd.display_name is not KEEP:
        user.display_name = cmd.display_name
    if cmd.weight_unit is KEEP or cmd.weight_unit == user.weight_unit:
        return user.id
    workout = None if enrollment is None else repository.in_progress_session(session, enrollment.id)
    if workout is not None:
        raise WorkoutAlreadyInProgress(
            f"Finish or abandon the workout in progress first: its sets are prescribed in {user.weight_unit}.",
            {"current_workout_session_id": workout.id},
        )
    previous, user.weight_unit = user.weight_unit, cmd.weight_unit
    uow.raise_event(Event(USER_UNIT_CHANGED, user.id, None if enrollment is None else enrollment.id, new_id(),
                          {"from": previous, "to": cmd.weight_unit}))
    return user.id
