"""Programs at run time: the loaded catalog, its versions in the database, and the seam between
the service layer's rows and the program vocabulary's values.

An enrollment runs a cycle on the version it started it with. Start-up records each loaded
file's content hash in ``program_versions`` (with its YAML), so a version that is no longer
on disk is rebuilt from the database when an enrollment still needs it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from sqlalchemy.orm import Session

from .commands import InputValue
from .db import repository, upsert
from .db.models import (
    LiftMax,
    LoggedSet,
    Program as ProgramRow,
    ProgramVersion,
    ProgressionState,
    User,
    UserProgramState,
)
from .db.types import set_index_at
from .db.unit_of_work import UnitOfWork
from .errors import InvalidMax, InvalidOption, MissingMaxes, UnknownProgram
from .programs import (
    Lift,
    MissingInputs,
    Performance,
    PerformedSet,
    PrescribedSet,
    Program,
    SlotChange,
    SlotState,
    Trigger,
    Weight,
    apply_progressions,
    idempotency_key,
    initial_slots,
    performed_from,
    prescribe,
)
from .programs.calendar import DateRefused, starting_week
from .programs.loader import load_program_text, with_options
from .programs.model import Load, LoadType
from .programs.options import OptionRefused, date_option, resolved
from .programs.plates import DEFAULT_EQUIPMENT, Equipment
from .programs.prescribe import Prescriptions, plated


@dataclass(frozen=True)
class VersionRef:
    id: str
    program: Program


class ProgramCatalog:
    def __init__(self, programs: Mapping[str, Program], lifts: Mapping[str, Lift]) -> None:
        self.programs = dict(programs)
        self.lifts = lifts
        self._versions: dict[str, Program] = {p.version: p for p in programs.values()}
        self._follows: dict[str, bool] = {}
        self._chosen: dict[tuple[str, str], Program] = {}
        self._prescriptions = Prescriptions()

    # -- the catalog -------------------------------------------------------------------------
    def current(self, slug: str) -> VersionRef:
        program = self.programs.get(slug)
        if program is None:
            raise UnknownProgram(
                f"There is no program {slug!r}; GET /programs lists them.", {"known": sorted(self.programs)}
            )
        return VersionRef(program.version, program)

    def for_enrollment(self, session: Session, row: UserProgramState) -> Program:
        """The version the enrollment's cycle runs, with the options it chose; enrollments from
        before versions were recorded (NULL) run the current one."""
        if row.program_version_id is None:
            program = self.current(row.program_slug).program
        else:
            program = self.of(session, row.program_version_id)
        return self.with_options(program, row.options) if program.options else program

    def with_options(self, program: Program, chosen: Mapping[str, object] | None) -> Program:
        """``program`` with an enrollment's option values written in (built once per choice)."""
        key = (program.version, json.dumps(chosen or {}, sort_keys=True))
        if key not in self._chosen:
            self._chosen[key] = with_options(program, chosen or {})
        return self._chosen[key]

    def of(self, session: Session, version_id: str | None) -> Program:
        """The program version an enrollment runs, from memory or rebuilt from its stored YAML."""
        if version_id in self._versions:
            return self._versions[version_id]
        row = repository.program_version(session, version_id) if version_id else None
        if row is None:
            raise LookupError(f"program version {version_id!r} is neither loaded nor stored")
        program = load_program_text(row.content_yaml, f"program_versions/{version_id}", self.lifts)
        self._versions[version_id] = program
        return program

    def sync(self, uow: UnitOfWork) -> None:
        """Record every loaded program and version in the database (start-up). Idempotent and
        safe in any number of processes at once: a version already stored is the same content
        (its id is the content hash), so the stored row is kept."""
        programs = list(self.programs.values())
        with uow:
            upsert.insert_or_update(uow.session, ProgramRow,
                                    ({"slug": p.slug, "name": p.name} for p in programs), key="slug")
            upsert.insert_or_ignore(uow.session, ProgramVersion, (
                {"id": p.version, "program_slug": p.slug, "content_yaml": p.text} for p in programs), key="id")
            uow.commit()

    # -- the calendar --------------------------------------------------------------------------
    @staticmethod
    def days_in_week(program: Program, week: int) -> int:
        return program.days_in_week(week)

    @staticmethod
    def weeks_in_cycle(program: Program) -> int:
        return program.weeks_per_cycle

    # -- enrollment ------------------------------------------------------------------------------
    @staticmethod
    def chosen_options(program: Program, given: Iterable[tuple[str, object]], unit: str) -> dict[str, object] | None:
        """Every option's stored value (the lifter's choice, else the default); None without options."""
        given = dict(given)
        unknown = sorted(set(given) - set(program.options))
        if unknown:
            detail = (f"{program.slug} has no option {', '.join(unknown)}; "
                      f"GET /programs/{program.slug} lists its options.")
            raise InvalidOption(detail, {"invalid_fields": [{"path": f"$.options.{oid}", "message": detail}
                                                            for oid in unknown],
                                         "option": {"options": sorted(program.options)}})
        try:
            chosen = {oid: option.choose(given[oid], unit) for oid, option in program.options.items() if oid in given}
        except OptionRefused as exc:
            raise InvalidOption(str(exc), {"invalid_fields": [{"path": f"$.{exc.field}", "message": str(exc)}],
                                           "option": exc.allowed}) from exc
        return resolved(program.options, chosen) if program.options else None

    @staticmethod
    def starting_week(program: Program, today: date) -> int:
        """The week an enrollment with a date to end on starts in; a date it cannot meet is a 422."""
        try:
            return starting_week(program, today)
        except DateRefused as exc:
            option = date_option(program)
            raise InvalidOption(f"{option}: {exc}", {"invalid_fields": [{"path": f"$.options.{option}",
                                                                         "message": str(exc)}],
                                                     "option": {"format": "date"}}) from exc

    @staticmethod
    def starting_inputs(program: Program, given: Iterable[InputValue], saved: Sequence[LiftMax]) -> dict[str, Weight]:
        """The program's inputs: those given with the enrollment, else the user's saved rep maxes."""
        values = {v.input_id: v.weight for v in given}
        refused = sorted(k for k, w in values.items() if w.value <= 0)
        if refused:
            raise InvalidMax(f"{', '.join(refused)}: a max or starting weight is above 0.",
                             {"invalid_inputs": refused})
        unknown = sorted(set(values) - set(program.inputs))
        if unknown:
            raise MissingMaxes(
                f"{program.slug} has no input {', '.join(unknown)}; GET /programs/{program.slug} lists its inputs.",
                {"unknown_inputs": unknown, "inputs": sorted(program.inputs)},
            )
        for spec in program.inputs.values():
            if spec.id in values or spec.kind != "rep_max":
                continue
            saved_max = next((m for m in saved if m.lift_slug == spec.lift and m.reps == (spec.reps or 1)), None)
            if saved_max is not None:
                values[spec.id] = Weight.of(saved_max.weight, saved_max.unit)
        return values

    @staticmethod
    def initial_slots(program: Program, inputs: Mapping[str, Weight]) -> dict[str, SlotState]:
        try:
            return initial_slots(program, inputs)
        except MissingInputs as exc:
            raise MissingMaxes(
                f"{program.slug} needs {', '.join(exc.missing)}: send them as inputs or PUT them as maxes.",
                {"missing_inputs": exc.missing},
            ) from exc

    # -- workouts ----------------------------------------------------------------------------------
    def prescribe(self, program: Program, week: int, day_index: int, rows: Sequence[ProgressionState],
                  unit: str, earlier: Sequence[PerformedSet] = (),
                  equipment: Equipment | None = None, previous: Sequence[PrescribedSet] = ()) -> list[PrescribedSet]:
        """The workout's sets; with the lifter's ``equipment``, every barbell set loaded with their
        plates (its weight what they can make, and how). ``previous``: the workout's sets as first
        prescribed, whose warm-ups a re-prescription keeps. From no logged set, the sets are those
        kept for the same inputs when there are (``Prescriptions``), in a list of the caller's own."""
        slots = {row.slot: self.slot_state(row, unit) for row in rows}
        if earlier or previous:  # mid-session: it follows what was logged, and is not asked twice
            return plated(program, prescribe(program, (week, day_index), slots, unit, earlier, previous), equipment)
        return list(self._prescriptions.get(program, (week, day_index), slots, unit, equipment))

    @staticmethod
    def equipment(user: User) -> Equipment:
        """The lifter's bar and plates (a standard gym's when they never said)."""
        return _equipment(user.equipment)

    def follows_the_session(self, program: Program) -> bool:
        """Whether a logged set can change the load of a later set of the same workout: a load
        taken from a logged set, or a rule applied AFTER_SET. Only then is a workout prescribed
        again after each set (the cost of a full prescription per logged set is not paid otherwise)."""
        if program.version not in self._follows:
            self._follows[program.version] = bool(program.rules_for(Trigger.AFTER_SET)) or any(
                load is not None and load.type is LoadType.LOGGED for load in _loads(program))
        return self._follows[program.version]

    @staticmethod
    def performed(prescribed: Sequence[PrescribedSet], logged: Sequence[LoggedSet],
                  session_id: str) -> list[PerformedSet]:
        # Only the sets logged are read: a stored prescription decodes a set when it is first read,
        # and a finish need not decode the warm-ups (or sets) the lifter skipped.
        logged = list(logged)
        indexes = {row.set_index for row in logged}
        read = [prescribed[p] for p in range(len(prescribed)) if set_index_at(prescribed, p) in indexes]
        return performed_from(read, logged, session_id)

    @staticmethod
    def slot_state(row: ProgressionState, unit: str) -> SlotState:
        return SlotState.from_record(row.weight, row.failure_count, row.stage, row.data, default_unit=unit)

    @staticmethod
    def candidate_keys(program: Program, trigger: Trigger, event_id: str, enrollment_id: str) -> list[str]:
        """Every idempotency key the rules of ``trigger`` could produce for this event."""
        return [
            idempotency_key(enrollment_id, rule.id, slot, event_id)
            for rule in program.rules_for(trigger)
            for slot in rule.slots
        ]

    @staticmethod
    def progress(program: Program, trigger: Trigger, event_id: str, enrollment_id: str,
                 slots: Mapping[str, SlotState], performance: Performance, applied: Iterable[str]) -> list[SlotChange]:
        return apply_progressions(program, trigger, event_id, enrollment_id, slots, performance, frozenset(applied))


def _equipment(stored: Mapping | None) -> Equipment:
    # Parsed once per distinct equipment (most lifters share a few), not once per prescription.
    # Without one, the standard gym's: one value, whose bar and plates per unit are worked out once.
    return _parsed(json.dumps(stored, sort_keys=True)) if stored else DEFAULT_EQUIPMENT


@lru_cache(maxsize=1024)
def _parsed(text: str) -> Equipment:
    return Equipment.from_json(json.loads(text))


def _loads(program: Program) -> Iterator[Load | None]:
    """Every load a program declares: on exercises, and on the set groups of every plan."""
    for workout in program.workouts.values():
        for exercise in workout.exercises:
            yield exercise.load
            plan = exercise.sets
            lists = [plan.groups or (), plan.retest or (), *(plan.stages or ())]
            lists += list(program.lookups.get(plan.lookup, ())) if plan.lookup else []
            yield from (group.load for groups in lists for group in groups)

