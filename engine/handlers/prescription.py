"""Loads that follow what was just lifted: after each logged set, the sets not yet logged are
prescribed again from the session's logged sets and the current slots.

Back-offs from a set logged earlier in the session (Jacked & Tan), load drops after an RPE top
set (RTS) and maxes re-estimated AFTER_SET change the weights of the sets still to come; sets
already logged keep what was prescribed, so history shows what the lifter was asked to do.
A change made ON_FAILURE (three failed sessions -> 90%) is for the next session: the rest of
this one keeps the weights it was prescribed for that slot.
"""

from __future__ import annotations

from ..context import Context
from ..db import repository
from ..db.unit_of_work import UnitOfWork
from ..events import Event
from ..programs.model import Trigger


def represcribe_remaining(event: Event, uow: UnitOfWork, ctx: Context) -> None:
    """SET_LOGGED: refresh the prescription of the workout's unlogged sets."""
    session = uow.session
    workout = repository.workout(session, event.payload["workout_id"], lock=True)
    enrollment = repository.enrollment(session, workout.user_program_state_id)
    program = ctx.catalog.for_enrollment(session, enrollment)
    if not ctx.catalog.follows_the_session(program):
        return
    logged = repository.sets_of_workout(session, workout.id)
    performed = ctx.catalog.performed(workout.prescription or [], logged, workout.id)
    user = repository.user(session, workout.user_id)
    fresh = ctx.catalog.prescribe(program, workout.week, workout.day_index,
                                  repository.progression_states(session, enrollment.id), user.weight_unit, performed,
                                  equipment=ctx.catalog.equipment(user), previous=workout.prescription or [])
    done = {s.set_index for s in logged}
    held = (repository.slots_changed_on_failure(session, workout.user_id, enrollment.id, workout.started_at)
            if program.rules_for(Trigger.ON_FAILURE) else set())
    updated = [old if old.set_index in done or old.slot in held else new
               for old, new in zip(workout.prescription, fresh, strict=False)]
    if updated != workout.prescription:
        workout.prescription = updated
