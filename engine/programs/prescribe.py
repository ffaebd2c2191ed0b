"""What to lift: the prescribed sets of a workout, and the starting slots of an enrollment.

Loads are computed exactly from slot weights converted to the lifter's unit, then rounded
once, at the end, to the program's plate increment (never below the empty bar).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping, Sequence
from threading import Lock
from typing import Any

from engine.programs.loads import ExactLoad, effective_load, resolve
from engine.programs.model import Exercise, Initial, Load, LoadType, Program, SetKind, Workout
from engine.programs.plates import Equipment
from engine.programs.positions import Position
from engine.programs.rounding import round_in_unit
from engine.programs.schemes import SetSpec, exercise_groups, expand
from engine.programs.state import PrescribedSet, SlotState, prescribed_set, replaced
from engine.programs.units import EMPTY_BAR, Amount, Unit, Weight, as_unit
from engine.programs.warmups import ramp


def prescribe(
    program: Program,
    position: Position,
    slots: Mapping[str, SlotState],
    unit: Unit | str,
    earlier_sets: Iterable[Any] = (),
    previous: Iterable[PrescribedSet] = (),
) -> list[PrescribedSet]:
    """Every set of the workout at ``position``; ``earlier_sets`` are this session's logged sets
    (``PerformedSet`` or anything with ``set_index`` and a ``weight``) for loads that follow them.
    ``previous`` is the workout's prescription when it is prescribed again mid-session: its
    warm-ups are kept as they were, so no set_index moves under a lifter who is logging."""
    week, day_index = position
    workout = program.workout_at(week, day_index)
    prescriber = _Prescriber(program, week, slots, as_unit(unit), earlier_sets)
    previous = list(previous)
    prescriber.previous = [s for s in previous if s.kind is SetKind.WARMUP] if previous else None
    return prescriber.workout(workout)


class _Prescriber:
    """Prescribes one workout; also answers the loads' questions about other sets (LoadContext)."""

    def __init__(
        self,
        program: Program,
        week: int,
        slots: Mapping[str, SlotState],
        unit: Unit,
        earlier_sets: Iterable[Any],
        stack: tuple[str, ...] = (),
    ) -> None:
        self.program, self.week, self.slots, self.unit = program, week, slots, unit
        self.earlier = list(earlier_sets)
        self.stack = stack
        self.done: dict[tuple[str, int], PrescribedSet] = {}  # (exercise id, set number)
        self.others: dict[str, list[PrescribedSet]] = {}
        self.labels: dict[str, str] = {}  # slot_label's, by slot id
        self.alike: dict[tuple[int, int, bool], PrescribedSet] = {}  # a set of each group (_set)
        self.previous: list[PrescribedSet] | None = None  # the warm-ups of the workout's first prescription

    def workout(self, workout: Workout) -> list[PrescribedSet]:
        """Every set in lifting order; ``set_index`` is the position in that order, warm-ups included."""
        self.stack = self.stack + (workout.id,)
        out: list[PrescribedSet] = []
        active = [e for e in workout.exercises if e.in_week(self.week)]
        warmed: set[str] = set()  # lifts whose first exercise of the workout took the program's scheme
        for exercise_index, exercise in enumerate(active):
            stage = self.slots[exercise.slot].stage if exercise.slot in self.slots else 0
            specs = expand(exercise_groups(exercise, self.week, stage, self.program.lookups))
            work = self._work_sets(workout, exercise_index, exercise, specs, len(out))
            warmups = self._warmups(workout, exercise_index, exercise, work, len(out), warmed)
            if warmups:  # the work sets move up behind them
                work = self._moved_up(workout, exercise_index, exercise, specs, work, len(out) + len(warmups))
            out += warmups + work
        return out

    def _work_sets(self, workout: Workout, exercise_index: int, exercise: Exercise, specs: Sequence[SetSpec],
                   start: int) -> list[PrescribedSet]:
        work: list[PrescribedSet] = []
        for spec in specs:
            prescribed = self._set(workout, exercise_index, exercise, spec, start + len(work))
            self.done[(exercise.id, spec.number)] = prescribed
            work.append(prescribed)
        return work

    def _moved_up(self, workout: Workout, exercise_index: int, exercise: Exercise, specs: Sequence[SetSpec],
                  work: list[PrescribedSet], start: int) -> list[PrescribedSet]:
        """``work`` numbered from ``start``. A load that follows a logged set finds it by its
        set_index, so with sets logged they are prescribed again at their new indexes; with none,
        no load depends on an index: the same sets, renumbered (half the cost of a prescription)."""
        if self.earlier:
            return self._work_sets(workout, exercise_index, exercise, specs, start)
        moved = [replaced(s, set_index=start + i) for i, s in enumerate(work)]
        for spec, prescribed in zip(specs, moved, strict=True):
            self.done[(exercise.id, spec.number)] = prescribed
        return moved

    def _warmups(self, workout: Workout, exercise_index: int, exercise: Exercise, work: list[PrescribedSet],
                 start: int, warmed: set[str]) -> list[PrescribedSet]:
        """The warm-up sets before ``work``: the exercise's scheme, else the program's for the first
        exercise of a lift in the workout; computed from the first work set (or the slot)."""
        if self.previous is not None:
            return [s for s in self.previous if s.exercise_index == exercise_index]
        name = exercise.warmup
        if name is None and exercise.lift not in warmed:
            name = self.program.warmup
        warmed.add(exercise.lift)
        first = next((s for s in work if not s.warmup), None)
        if not name or first is None:
            return []
        lift = self.program.lifts[exercise.lift]
        slot = self.slot_weight(exercise.slot) if exercise.slot else None
        ramp_ = ramp(self.program.warmups[name], lift, first.weight, first.target_reps, slot,
                     self.program.rounding.increment, self.slot_label(exercise.slot) if exercise.slot else "the slot")
        return [
            prescribed_set(
                set_index=start + i, exercise_index=exercise_index, exercise_id=exercise.id, lift=exercise.lift,
                slot=exercise.slot, kind=SetKind.WARMUP, target_reps=w.reps, is_amrap=False, weight=w.weight,
                percent=w.percent, basis=w.basis, workout=workout.id, warmup=True,
            )
            for i, w in enumerate(ramp_)
        ]

    def _set(
        self, workout: Workout, exercise_index: int, exercise: Exercise, spec: SetSpec, index: int
    ) -> PrescribedSet:
        """One set. The sets of one group are alike but for their index (a 5x5 is one load worked
        out, not five), unless the load follows a logged set, which depends on which set it is."""
        load = effective_load(exercise, spec)
        key = (exercise_index, id(spec.group), spec.is_amrap)  # the group lives in the program: its id holds
        alike = self.alike.get(key) if load.type is not LoadType.LOGGED else None
        if alike is not None:
            return replaced(alike, set_index=index)
        exact = resolve(exercise, spec, self)
        group = spec.group
        prescribed = prescribed_set(
            set_index=index,
            exercise_index=exercise_index,
            exercise_id=exercise.id,
            lift=exercise.lift,
            slot=exercise.slot,
            kind=group.kind,
            target_reps=spec.target_reps,
            is_amrap=spec.is_amrap,
            weight=self._rounded(exercise, spec, load, exact),
            min_reps=spec.target_reps if spec.is_amrap else None,
            reps_max=group.reps_max,
            percent=exact.percent,
            rpe=group.rpe,
            exact_weight=exact.weight,
            basis=exact.basis,
            tag=group.tag or exercise.tag,
            workout=workout.id,
            warmup=group.warmup,
            open_ended=spec.open_ended,
            seconds=group.seconds,
            stop_rpe=group.stop_rpe,
            superset=exercise.superset,
            note=group.note or exercise.note,
            rest=group.rest or exercise.rest,
        )
        if load.type is not LoadType.LOGGED:
            self.alike[key] = prescribed
        return prescribed

    def _rounded(self, exercise: Exercise, spec: SetSpec, load: Load, exact: ExactLoad) -> Weight | None:
        if exact.weight is None:
            return None
        mode = spec.group.round or load.round or self.program.rounding.mode
        lift = self.program.lifts[exercise.lift]
        bar = EMPTY_BAR if lift.barbell else None
        return round_in_unit(exact.weight, self.unit, self.program.rounding.increment, mode, bar)

    # --- LoadContext ------------------------------------------------------------------------

    def slot_weight(self, slot_id: str) -> Weight | None:
        state = self.slots.get(slot_id)
        return None if state is None or state.weight is None else state.weight.to(self.unit)

    def slot_label(self, slot_id: str) -> str:
        label = self.labels.get(slot_id)
        if label is None:  # asked for each set and warm-up ramp of the slot
            slot = self.program.slots.get(slot_id)
            label = self.labels[slot_id] = f"{slot_id} ({slot.kind.replace('_', ' ')})" if slot else slot_id
        return label

    def workout_load(self, workout_id: str, exercise_id: str, set_number: int) -> Weight | None:
        if workout_id not in self.others:
            if workout_id in self.stack:
                raise ValueError(f"{self.program.slug}: workout loads refer to each other in a loop: {self.stack}")
            other = _Prescriber(self.program, self.week, self.slots, self.unit, (), self.stack)
            self.others[workout_id] = other.workout(self.program.workouts[workout_id])
        # Set numbers count the exercise's sets as the file declares them: generated warm-ups are not among them.
        numbered = [s for s in self.others[workout_id] if s.exercise_id == exercise_id and s.kind is not SetKind.WARMUP]
        return numbered[set_number - 1].weight if len(numbered) >= set_number else None

    def session_load(self, exercise_id: str, set_number: int | None, before: int | None) -> Weight | None:
        """The logged weight of that set (its prescribed weight until logged); with no number,
        the latest set of that exercise before ``before``."""
        numbers = sorted((n for (e, n) in self.done if e == exercise_id), reverse=True)
        if set_number is not None:
            numbers = [set_number] if set_number in numbers else []
        elif before is not None:
            numbers = [n for n in numbers if n < before]
        for number in numbers:
            prescribed = self.done[(exercise_id, number)]
            weight = self._logged_weight(prescribed.set_index) or prescribed.weight
            if weight is not None:
                return weight
        return None

    def _logged_weight(self, set_index: int) -> Weight | None:
        matches = [s for s in self.earlier if getattr(s, "set_index", None) == set_index]
        if not matches:
            return None
        weight = matches[-1].weight  # an open-ended set logged several times: the latest
        if weight is None:
            return None
        if not isinstance(weight, Weight):
            weight = Weight.of(weight, getattr(matches[-1], "unit", self.unit))
        return weight.to(self.unit)


def plated(program: Program, sets: list[PrescribedSet], equipment: Equipment | None) -> list[PrescribedSet]:
    """Every barbell set loaded with the lifter's ``equipment`` (``PrescribedSet.plated``: each
    load is worked out once, ``plates.load``); without equipment, ``sets`` as they are."""
    if equipment is None:
        return sets
    out = []
    done: dict[int, PrescribedSet] = {}  # by the id of the weight it was plated from (held by ``sets``)
    for prescribed in sets:
        if not program.lifts[prescribed.lift].barbell or prescribed.weight is None:
            out.append(prescribed)
            continue
        # The sets of one group share their weight (_Prescriber._load): its plates are worked out once.
        key = id(prescribed.weight) if prescribed.plates is None else None
        first = done.get(key) if key is not None else None
        if first is None:
            first = prescribed.plated(equipment)
            if key is not None:
                done[key] = first
            out.append(first)
        else:
            out.append(replaced(prescribed, weight=first.weight, plates=first.plates))
    return out


PRESCRIPTIONS_KEPT = 256  # workouts


class Prescriptions:
    """Workouts prescribed from no logged set, plated, kept by their every input: the finish
    that moves an enrollment on prescribes its next workout (the enrollment's answer), and the
    start that follows prescribes the same again. A prescription reads of its slots only their
    weight and stage, and of the equipment only its bar and plates in the unit (``key``).
    Least recently used out; a lock, for workers that share a catalog across threads."""

    def __init__(self, size: int = PRESCRIPTIONS_KEPT) -> None:
        self._kept: OrderedDict[tuple, tuple[Program, tuple[PrescribedSet, ...]]] = OrderedDict()
        self._size = size
        self._lock = Lock()

    def get(self, program: Program, position: Position, slots: Mapping[str, SlotState], unit: Unit | str,
            equipment: Equipment | None) -> tuple[PrescribedSet, ...]:
        unit = as_unit(unit)
        weights = tuple((slot_id, None if s.weight is None else (str(s.weight.value), s.weight.unit), s.stage)
                        for slot_id, s in slots.items())  # str: a weight's text is kept (100.000 is not 100)
        key = (id(program), tuple(position), unit, None if equipment is None else equipment.key(unit), weights)
        with self._lock:
            found = self._kept.get(key)
            if found is not None and found[0] is program:  # kept here, the program's id is not reused
                self._kept.move_to_end(key)
                return found[1]
        sets = tuple(plated(program, prescribe(program, position, slots, unit), equipment))
        with self._lock:
            self._kept[key] = (program, sets)
            while len(self._kept) > self._size:
                self._kept.popitem(last=False)
        return sets


class MissingInputs(ValueError):
    def __init__(self, missing: list[str]) -> None:
        self.missing = missing
        super().__init__(f"missing required inputs: {', '.join(missing)}")


def initial_slots(program: Program, maxes: Mapping[str, Weight]) -> dict[str, SlotState]:
    """Starting slot states from the lifter's entered inputs (keyed by input id).

    A TM is kept exact (90% of 137.5 kg = 123.75); a slot whose ``initial`` says ``round``
    (a work weight) is rounded to plates in the input's unit. Raises MissingInputs listing
    every required input that is absent."""
    missing = sorted(i.id for i in program.inputs.values() if not i.optional and i.id not in maxes)
    if missing:
        raise MissingInputs(missing)
    weights: dict[str, Weight | None] = {}

    def weight_of(slot_id: str) -> Weight | None:
        if slot_id not in weights:
            slot = program.slots[slot_id]
            weights[slot_id] = _initial_weight(program, slot.initial, slot.lift, maxes, weight_of)
        return weights[slot_id]

    return {
        slot_id: SlotState(weight=None if (w := weight_of(slot_id)) is None else w.stored())
        for slot_id in program.slots
    }


def _initial_weight(
    program: Program,
    initial: Initial | None,
    lift_slug: str,
    maxes: Mapping[str, Weight],
    weight_of: Callable[[str], Weight | None],
) -> Weight | None:
    if initial is None:
        return None
    source = maxes.get(initial.source) if initial.source in program.inputs else weight_of(initial.source)
    if source is None:
        return _initial_weight(program, initial.otherwise, lift_slug, maxes, weight_of)
    weight = source.percent(initial.percent)
    if initial.add is not None:
        weight = weight.plus(initial.add)
    if initial.round is not None:
        bar: Amount | None = EMPTY_BAR if program.lifts[lift_slug].barbell else None
        weight = round_in_unit(weight, weight.unit, program.rounding.increment, initial.round, bar)
    return weight
