"""Workout commands: start, log a set, finish, abandon; the workout's note (start, finish, PATCH)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy.exc import IntegrityError

from ..context import Context
from ..db import progressions, repository
from ..db.models import LoggedSet, UserProgramState, WorkoutSession, new_id, utcnow
from ..db.unit_of_work import UnitOfWork
from ..errors import NotEnrolled, NotFound, SetAlreadyLogged, SetNotPrescribed, WeightRequired, WorkoutAlreadyInProgress
from ..events import SET_LOGGED
from ..handlers.stored_state import stored_set_logged
from ..machines import Fired, InvalidTransition, Machine, SessionTrigger, allowed_triggers, create
from ..programs import PrescribedSet
from ..programs.positions import position_of, position_payload
from ..queries import record_bests
from ..queries.rendering import plain
from ..queries.workouts import logged_set
from ..states import EnrollmentState, SessionState, SetState
from ..transitions import record, transition
from . import AbandonWorkout, FinishWorkout, LogSet, StartWorkout, UpdateWorkout
from .notes import check_note

START_WORKOUT = "start_workout"


def start_workout(cmd: StartWorkout, uow: UnitOfWork, ctx: Context) -> str:
    check_note(cmd.note, "A workout's note")
    session = uow.session
    row = repository.live_enrollment(session, cmd.user_id, lock=True)
    if row is None:
        raise NotEnrolled("You are not enrolled in a program; POST /users/{id}/enrollment first.")
    if row.enrollment_status != EnrollmentState.ACTIVE:
        allowed = allowed_triggers(ctx.machines[Machine.ENROLLMENT], row.enrollment_status, actor="user")
        raise InvalidTransition(Machine.ENROLLMENT, row.enrollment_status, START_WORKOUT, allowed)
    if row.program_version_id is None:
        # Enrollments from before program versions were recorded pin the version they now run.
        row.program_version_id = ctx.catalog.current(row.program_slug).id
    now = cmd.now or utcnow()
    _abandon_if_stale(uow, ctx, row, now)
    workout, fired = _new_workout(uow, ctx, row, now, cmd.note)
    record(uow, fired, entity_id=workout.id, user_id=cmd.user_id, enrollment_id=row.id,
           payload={"workout_id": workout.id, **position_payload(row)})
    return workout.id


def _abandon_if_stale(uow: UnitOfWork, ctx: Context, row: UserProgramState, now: datetime) -> None:
    """Design decision 1: an old IN_PROGRESS session is abandoned by the next start; a young one refuses."""
    current = repository.in_progress_session(uow.session, row.id, lock=True)
    if current is None:
        return
    spec = ctx.machines[Machine.SESSION]
    if spec.stale_after is None or now - current.started_at < spec.stale_after:
        raise WorkoutAlreadyInProgress(
            "A workout is already in progress: log its sets and finish it, or abandon it, first.",
            {"current_workout_session_id": current.id},
        )
    current.finished_at = now  # before the transition: one UPDATE writes both
    record_bests.carry_on(row, current)  # for the new workout: its sets count as a finished one's
    current.record_bests = None  # kept only while it is in progress
    transition(uow, spec, current, SessionTrigger.ABANDON, entity_id=current.id, user_id=row.user_id,
               enrollment_id=row.id, payload={"workout_id": current.id, "reason": "stale"})
    uow.session.flush()  # its IN_PROGRESS row leaves the partial unique index before the new one arrives


def _new_workout(uow: UnitOfWork, ctx: Context, row: UserProgramState, now: datetime,
                 note: str | None) -> tuple[WorkoutSession, Fired]:
    program = ctx.catalog.for_enrollment(uow.session, row)
    user = repository.user(uow.session, row.user_id)
    slots = repository.progression_states(uow.session, row.id)
    position = position_of(row)
    prescription = ctx.catalog.prescribe(program, position.week, position.day, slots, user.weight_unit,
                                         equipment=ctx.catalog.equipment(user))
    workout = WorkoutSession(
        id=new_id(),
        user_program_state_id=row.id,
        user_id=row.user_id,
        program_version_id=row.program_version_id,
        cycle_iteration=row.current_cycle_iteration,
        week=position.week,
        day_index=position.day,
        status=None,
        started_at=now,
        # In the INSERT: a row changed after it would be flushed again by the ORM for its answer,
        # where a row changed in nothing else has it written by one Core UPDATE (stored_state._store).
        note=note,
        prescription=prescription,
        record_bests=record_bests.to_start_with(row, prescription),  # the last workout's, past its sets
    )
    fired = create(ctx.machines[Machine.SESSION], workout)
    repository.add_workout(uow.session, workout)
    try:
        uow.session.flush()
    except IntegrityError as exc:  # the partial unique index: another start won the race
        raise WorkoutAlreadyInProgress(
            "A workout was started at the same time; fetch the current workout.", {}
        ) from exc
    return workout, fired


def log_set(cmd: LogSet, uow: UnitOfWork, ctx: Context) -> str:
    check_note(cmd.note)
    workout = _own_workout(uow, cmd.user_id, cmd.workout_id)
    _require_in_progress(ctx, workout, "log_set")
    prescribed = _prescribed_set(workout, cmd.set_index)
    # Open-ended sets (total reps, sets to failure) are logged as many times as the lifter does
    # them. Any other is logged once: its workout's stored answer (read with it, locked) says
    # whether it is, and the logged sets are read only when it is, or when the answer cannot say.
    logged = None
    if not prescribed.open_ended:
        if stored_set_logged(workout, cmd.set_index) is False:
            repository.none_logged_before(uow.session, workout.id, cmd.set_index)  # the after-set rules read none
        else:
            logged = next((s for s in repository.sets_of_workout(uow.session, workout.id)
                           if s.set_index == cmd.set_index), None)
    if logged is not None:
        # The set as stored: a client that lost the answer to its first try gets it back.
        raise SetAlreadyLogged(f"Set {cmd.set_index} of this workout is already logged.",
                               {"set_index": cmd.set_index, "set": plain(logged_set(logged))})
    weight = cmd.weight
    if weight is None and prescribed.weight is not None:
        weight = prescribed.weight.value
    if weight is None:
        raise WeightRequired(
            f"Set {cmd.set_index} ({prescribed.lift}) has no prescribed weight: send the weight you lifted "
            "(0 for bodyweight only).",
            {"set_index": cmd.set_index,
             "invalid_fields": [{"path": "$.weight", "message": "is required: this set has no prescribed weight"}]},
        )
    logged = LoggedSet(
        id=new_id(),
        user_id=cmd.user_id,
        session_id=workout.id,
        user_program_state_id=workout.user_program_state_id,
        lift_slug=prescribed.lift,
        weight=weight,
        unit=str(prescribed.unit or repository.user(uow.session, cmd.user_id).weight_unit),
        reps=cmd.reps,
        rpe=cmd.rpe,
        set_index=cmd.set_index,
        target_reps=prescribed.target_reps,
        warmup=prescribed.warmup,
        note=cmd.note,
        logged_at=utcnow(),  # now, not at the flush: handlers order the sets they see by it
    )
    repository.insert_set(uow.session, logged)
    record_bests.track(uow.session, workout, logged)  # the records it broke; its workout's bests moved on
    # A set has no machine of its own: PENDING (no row) -> LOGGED (row), logged like any transition.
    record(uow, Fired("set", "log_set", SetState.PENDING, SetState.LOGGED, SET_LOGGED), entity_id=logged.id,
           user_id=cmd.user_id, enrollment_id=workout.user_program_state_id,
           payload={"workout_id": workout.id, "set_index": cmd.set_index, "reps": cmd.reps})
    return logged.id


def finish_workout(cmd: FinishWorkout, uow: UnitOfWork, ctx: Context) -> str:
    check_note(cmd.note, "A workout's note")
    return _end(uow, ctx, cmd.user_id, cmd.workout_id, SessionTrigger.FINISH, cmd.note)


def abandon_workout(cmd: AbandonWorkout, uow: UnitOfWork, ctx: Context) -> str:
    return _end(uow, ctx, cmd.user_id, cmd.workout_id, SessionTrigger.ABANDON)


def update_workout(cmd: UpdateWorkout, uow: UnitOfWork, ctx: Context) -> str:
    """The workout's note, in any state: a note changes nothing a progression reads, so unlike a
    set's correction it needs no correction window."""
    check_note(cmd.note, "A workout's note")
    workout = _own_workout(uow, cmd.user_id, cmd.workout_id)
    workout.note = cmd.note
    return workout.id


def _end(uow: UnitOfWork, ctx: Context, user_id: str, workout_id: str, trigger: SessionTrigger,
         note: str | None = None) -> str:
    # A finish's session rules read its sets and its slots next: they go along its first statement.
    along = progressions.reads_of_session_rules(workout_id) if trigger == SessionTrigger.FINISH else ()
    workout = _own_workout(uow, user_id, workout_id, along)
    if note is not None:
        workout.note = note  # with the finish: the same UPDATE; a refused finish rolls it back
    workout.finished_at = utcnow()  # before the transition, so that one UPDATE writes both (a refusal rolls back)
    # The enrollment, locked with the workout: the next workout starts with the bests this one left.
    record_bests.carry_on(repository.enrollment(uow.session, workout.user_program_state_id, lock=True), workout)
    workout.record_bests = None  # kept only while it is in progress
    transition(uow, ctx.machines[Machine.SESSION], workout, trigger, entity_id=workout.id, user_id=user_id,
               enrollment_id=workout.user_program_state_id,
               payload={"workout_id": workout.id, "cycle_iteration": workout.cycle_iteration,
                        "week": workout.week, "day_index": workout.day_index})
    return workout.id


def _own_workout(uow: UnitOfWork, user_id: str, workout_id: str, along: Sequence = ()) -> WorkoutSession:
    """The workout, locked after its enrollment (the one lock order of every command), in one
    statement; the reads ``along`` in its round trip (``repository.workout_for_command``)."""
    found = repository.workout_for_command(uow.session, workout_id, along)
    if found is None or found[0].user_id != user_id:
        # Someone else's workout is reported as missing, so ids do not leak.
        raise NotFound(f"There is no workout {workout_id} of yours.")
    return found[1]


def _require_in_progress(ctx: Context, workout: WorkoutSession, action: str) -> None:
    if workout.status != SessionState.IN_PROGRESS:
        allowed = allowed_triggers(ctx.machines[Machine.SESSION], workout.status, actor="user")
        raise InvalidTransition(Machine.SESSION, workout.status, action, allowed)


def _prescribed_set(workout: WorkoutSession, set_index: int) -> PrescribedSet:
    sets = workout.prescription or []
    if not 0 <= set_index < len(sets):
        raise SetNotPrescribed(
            f"This workout prescribes sets 0 to {len(sets) - 1}; set {set_index} is not one of them.",
            {"set_index": set_index, "prescribed_sets": len(sets)},
        )
    return sets[set_index]

