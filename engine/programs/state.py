"""Runtime values exchanged with the service layer: slot states, prescribed and performed sets, changes.

Everything here is plain data: the service layer maps it to and from ``progression_states``,
``logged_sets`` and ``progression_logs`` rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from decimal import Decimal
from typing import Any, Protocol

from engine.programs.model import Rest, SetKind, Trigger
from engine.programs.plates import DEFAULT_EQUIPMENT, Equipment, Loading, load
from engine.programs.units import Unit, Weight, format_decimal

UNIT_KEY = "unit"  # where a slot's unit lives in progression_states.data


@dataclass(frozen=True)
class SlotState:
    """One slot of one enrollment: ``progression_states`` (weight, failure_count, stage, data)."""

    weight: Weight | None = None
    failure_count: int = 0
    stage: int = 0
    data: Mapping[str, Any] = field(default_factory=dict)

    def with_(self, **changes: Any) -> SlotState:
        return replace(self, **changes)

    def to_record(self) -> dict[str, Any]:
        """Column values for ``progression_states``; the unit rides in ``data`` (there is no unit column)."""
        data = dict(self.data)
        if self.weight is not None:
            data[UNIT_KEY] = self.weight.unit.value
        return {
            "weight": None if self.weight is None else self.weight.stored().value,
            "failure_count": self.failure_count,
            "stage": self.stage,
            "data": data,
        }

    @classmethod
    def from_record(
        cls,
        weight: Decimal | None,
        failure_count: int = 0,
        stage: int = 0,
        data: Mapping[str, Any] | None = None,
        default_unit: Unit | str = Unit.LB,
    ) -> SlotState:
        data = dict(data or {})
        unit = data.pop(UNIT_KEY, None) or default_unit
        return cls(
            weight=None if weight is None else Weight.of(weight, unit),
            failure_count=failure_count or 0,
            stage=stage or 0,
            data=data,
        )


@dataclass(frozen=True)
class PrescribedSet:
    """One set of a workout as the engine prescribes it (weights rounded, in the lifter's unit)."""

    set_index: int  # 0-based across the whole workout: logged_sets.set_index
    exercise_index: int
    exercise_id: str
    lift: str
    slot: str | None
    kind: SetKind
    target_reps: int | None  # None: open reps (MRS)
    is_amrap: bool
    weight: Weight | None  # None: the lifter chooses (RM-find, user, bodyweight, empty slot)
    min_reps: int | None = None  # an AMRAP's minimum (= target_reps)
    reps_max: int | None = None  # top of a rep range
    percent: Decimal | None = None
    rpe: Decimal | None = None
    exact_weight: Weight | None = None  # before rounding, for simulate and the docs
    basis: str = ""  # e.g. "85% of squat (training_max)"
    tag: str | None = None
    workout: str = ""
    warmup: bool = False
    open_ended: bool = False  # may be logged several times under this set_index
    seconds: int | None = None
    stop_rpe: Decimal | None = None
    superset: str | None = None
    note: str | None = None
    plates: Loading | None = None  # a barbell set: the lifter's bar and plates (engine/programs/plates.py)
    rest: Rest | None = None  # seconds to rest after this set, from the exercise or its set group

    @property
    def reps_label(self) -> str:
        """``5``, ``5+`` (AMRAP), ``8-12`` (a range), ``8RM`` (a rep max to find), ``MR`` (max
        reps), ``30 s`` (a hold): the reps as tables and grids show them."""
        if self.seconds is not None:
            return f"{self.seconds} s"
        if self.kind is SetKind.RM_FIND:
            return f"{self.target_reps}RM"
        if self.target_reps is None:
            return "MR"
        top = f"-{self.reps_max}" if self.reps_max else ""
        return f"{self.target_reps}{top}{'+' if self.is_amrap else ''}"

    @property
    def unit(self) -> Unit | None:
        """The unit of the set's weights (None when the lifter chooses the weight)."""
        weight = self.weight if self.weight is not None else self.exact_weight
        return None if weight is None else weight.unit

    def plated(self, equipment: Equipment = DEFAULT_EQUIPMENT) -> PrescribedSet:
        """This (barbell) set loaded with these plates: its weight what they make, ``plates`` how.
        Plated again (new equipment), it starts from the program's load, not the last adjustment."""
        if self.weight is None:
            return self
        program_weight = self.plates.program_weight if self.plates else self.weight.value
        loading = load(program_weight, self.weight.unit, equipment)
        # As the program wrote it when the plates make it (100 stays "100", not "100.0").
        if loading.adjusted:
            weight = Weight.of(format_decimal(loading.total()), self.weight.unit)
        else:  # the program's weight: this set's own when it was never plated
            weight = self.weight if self.plates is None else Weight.of(program_weight, self.weight.unit)
        return replaced(self, weight=weight, plates=loading)

    def performed(self, reps: int, weight: Weight | None, rpe: Decimal | None = None,
                  session_id: str | None = None) -> PerformedSet:
        """This set as logged: ``reps`` at ``weight``, with its prescription alongside."""
        return PerformedSet(
            lift=self.lift, slot=self.slot, set_index=self.set_index, target_reps=self.target_reps,
            is_amrap=self.is_amrap, weight=weight, reps=reps, rpe=rpe, kind=self.kind, reps_max=self.reps_max,
            tag=self.tag, workout=self.workout, warmup=self.warmup, session_id=session_id,
        )


def prescribed_set(**values: Any) -> PrescribedSet:
    """``PrescribedSet(**values)`` without its frozen __init__, which sets each of its 25 fields
    through ``object.__setattr__`` (for every set of every prescription): the same fields in the
    same order, a field not given its default. Every field without a default must be given."""
    new = object.__new__(PrescribedSet)
    new.__dict__.update(_SET_DEFAULTS, **values)
    return new


def replaced(prescribed: PrescribedSet, **changes: Any) -> PrescribedSet:
    """``dataclasses.replace(prescribed, **changes)`` without running its __init__ again (25
    fields, for every set of every prescription): the set is frozen and has no __post_init__, so
    a copy of its fields with ``changes`` is the very value ``replace`` makes."""
    new = object.__new__(type(prescribed))
    new.__dict__.update(prescribed.__dict__, **changes)
    return new


_SET_DEFAULTS = {f.name: f.default for f in fields(PrescribedSet)}  # none has a default_factory


@dataclass(frozen=True)
class PerformedSet:
    """A logged set together with what was prescribed for it."""

    lift: str
    slot: str | None
    set_index: int
    target_reps: int | None
    is_amrap: bool
    weight: Weight | None
    reps: int
    rpe: Decimal | None = None
    kind: SetKind = SetKind.WORK
    reps_max: int | None = None
    tag: str | None = None
    workout: str = ""
    warmup: bool = False
    session_id: str | None = None

    @property
    def met_target(self) -> bool:
        return self.target_reps is None or self.reps >= self.target_reps

    @property
    def reached_top(self) -> bool:
        """Top of the rep range reached (double progression); a plain set: its target."""
        return self.reps >= (self.reps_max or self.target_reps or 0)


def performed_set(**values: Any) -> PerformedSet:
    """``PerformedSet(**values)`` without its frozen __init__ (14 fields set one by one through
    ``object.__setattr__``, for every set a finish's rules read), as ``prescribed_set`` does."""
    new = object.__new__(PerformedSet)
    new.__dict__.update(_PERFORMED_DEFAULTS, **values)
    return new


_PERFORMED_DEFAULTS = {f.name: f.default for f in fields(PerformedSet)}  # none has a default_factory


@dataclass(frozen=True)
class Performance:
    """The logged sets of the trigger's scope: one set, a session, a week or a cycle."""

    sets: tuple[PerformedSet, ...] = ()
    session_id: str | None = None  # the session of AFTER_SET / ON_FAILURE / AFTER_SESSION
    week: int | None = None  # the week of the cycle the scope belongs to (AFTER_WEEK, rep standards)

    def for_slot(self, slot: str) -> tuple[PerformedSet, ...]:
        return tuple(s for s in self.sets if s.slot == slot and not s.warmup)


@dataclass(frozen=True)
class SlotChange:
    """One applied progression: becomes a ``progression_logs`` row and a ``progression_states`` update."""

    slot: str
    lift: str
    rule: str  # the rule id
    rule_type: str
    trigger: Trigger
    previous: SlotState
    new: SlotState
    idempotency_key: str

    @property
    def previous_weight(self) -> Weight | None:
        return self.previous.weight

    @property
    def new_weight(self) -> Weight | None:
        return self.new.weight


class LoggedSetLike(Protocol):
    set_index: int | None
    weight: Decimal
    unit: str
    reps: int
    rpe: Decimal | None


def performed_from(
    prescribed: Sequence[PrescribedSet],
    logged: Iterable[LoggedSetLike],
    session_id: str | None = None,
) -> list[PerformedSet]:
    """Pair logged sets (``logged_sets`` rows or alike) with their prescription by ``set_index``.

    Logged sets whose index matches no prescription (extra sets, legacy rows) are left out:
    a progression rule only reads sets the program asked for.
    """
    by_index = {p.set_index: p for p in prescribed}
    out = []
    for row in logged:
        p = by_index.get(row.set_index) if row.set_index is not None else None
        if p is None:
            continue
        out.append(p.performed(row.reps, Weight.of(row.weight, row.unit), row.rpe, session_id))
    return out
