"""The lifter's equipment (PUT /users/me/equipment): their bar and the plates they own.

Saving it stores the answers again that show loads (``engine/db/stale.py``: a change of
``users.equipment`` marks the user's enrollments), and loads the sets of the workout in
progress that are not logged yet with the new plates, from the program's loads: a lifter who
finds their microplates mid-workout sees the rest of it as the program wrote it.
"""

from __future__ import annotations

from ..context import Context
from ..db import repository
from ..db.unit_of_work import UnitOfWork
from ..programs.plates import Equipment
from . import SetEquipment
from .account import lock_account


def set_equipment(cmd: SetEquipment, uow: UnitOfWork, ctx: Context) -> str:
    session = uow.session
    enrollment, user = lock_account(session, cmd.user_id)
    equipment = Equipment.from_json(cmd.equipment)
    user.equipment = equipment.to_json()
    workout = None if enrollment is None else repository.in_progress_session(session, enrollment.id)
    if workout is not None and workout.prescription:
        logged = {s.set_index for s in repository.sets_of_workout(session, workout.id)}
        workout.prescription = [s if s.set_index in logged or s.plates is None else s.plated(equipment)
                                for s in workout.prescription]
    return user.id
