"""Machines bound to a persisted row: the state column *is* the machine's state.

``bind`` hands python-statemachine the row as its model and the column as its
``state_field``, so restoring needs no replay (the library reads the column) and a
transition writes the new state straight into the column (the caller's unit of work
persists it). ``fire`` adds what the engine needs around one trigger: a domain error when
the state does not allow it, the event the transition emits, and the transition's number.
It drives no chart instance where the table derived from the chart (engine.machines.moves)
says all the instance would do, which is every transition of the engine's rows: a lookup
instead of most of a millisecond.

Each machine counts its transitions on the row beside its state, in ``<machine>_seq``
(``seq_attribute``; migration 00033): firing moves it on in the same UPDATE that writes the new
state, and the transition-log row takes it as its ``seq``. The row is locked when loaded, so
the count is read with the row instead of ``max(seq)`` from the log.
"""

from __future__ import annotations

from dataclasses import dataclass

from statemachine import StateChart
from statemachine.exceptions import TransitionNotAllowed

from engine.errors import DomainError

from .spec import MachineSpec, allowed_triggers


class InvalidTransition(DomainError):
    code = "invalid_transition"

    def __init__(self, machine: str, state: str, trigger: str, allowed: list[str]) -> None:
        self.machine, self.state, self.trigger, self.allowed = machine, state, trigger, allowed
        todo = f"allowed now: {', '.join(allowed)}" if allowed else "nothing more can happen to it"
        super().__init__(
            f"The {machine} is {state}, so {trigger!r} is not possible; {todo}.",
            {"machine": machine, "current_state": state, "trigger": trigger, "allowed_triggers": allowed},
        )


@dataclass(frozen=True)
class Fired:
    """One transition that happened: what the transition log records."""

    machine: str
    trigger: str
    from_state: str | None  # None for the creation of the entity
    to_state: str
    event: str | None
    seq: int = 1  # the transition's number for this entity: the log row's seq


def seq_attribute(spec: MachineSpec) -> str:
    """The row's attribute counting this machine's transitions."""
    return f"{spec.name}_seq"


def _count(spec: MachineSpec, obj: object, seq: int | None = None) -> int:
    """Move the row's transition count on (or set it, for a creation) and return it."""
    attribute = seq_attribute(spec)
    seq = (getattr(obj, attribute, None) or 0) + 1 if seq is None else seq
    setattr(obj, attribute, seq)
    return seq


def bind(spec: MachineSpec, obj: object) -> StateChart:
    """A machine whose state is ``obj.<spec.column>``.

    When the attribute is None or missing (a new, unflushed row: ORM column defaults only
    apply at flush), the library enters the initial state at once and writes it to the
    attribute. A value that is not a state of the machine raises ValueError here, because
    the library would accept it and fail only on the next event.
    """
    _state(spec, obj)
    return spec.chart(model=obj, state_field=spec.column)


def _state(spec: MachineSpec, obj: object) -> str | None:
    """``obj``'s state, None for a new entity; ValueError for a value that is no state."""
    value = getattr(obj, spec.column, None)
    if value is not None and value not in spec.states:
        raise ValueError(f"{obj!r}.{spec.column} is {value!r}, not a state of the {spec.name} machine")
    return value


def create(spec: MachineSpec, obj: object) -> Fired:
    """Put a new entity in its initial state: the design's "(none) -> initial" transition."""
    if spec.creation is None:
        raise ValueError(f"the {spec.name} machine has no creation event; it starts with its row")
    if getattr(obj, spec.column, None) is not None:
        raise ValueError(f"{obj!r}.{spec.column} is already {getattr(obj, spec.column)!r}")
    moves = spec.moves
    if moves is None or moves.calls_back(obj):
        bind(spec, obj)
    else:
        setattr(obj, spec.column, moves.initial)
    return Fired(spec.name, spec.creation.trigger, None, spec.initial, spec.creation.emits, _count(spec, obj, 1))


def fire(spec: MachineSpec, obj: object, trigger: str) -> Fired:
    """Fire ``trigger`` on the machine bound to ``obj``; the new state is written to the column.

    Raises InvalidTransition when the current state does not allow ``trigger`` (an unknown
    trigger included), and ValueError when the column holds no state of the machine. A lookup
    in the table derived from the chart (engine.machines.moves) when it says all the chart
    would do; otherwise a chart instance (``fire_by_chart``).
    """
    trigger = str(trigger)  # a StrEnum member would show as one in logs and payloads
    moves = spec.moves
    if moves is None or moves.calls_back(obj):
        return fire_by_chart(spec, obj, trigger)
    source = _state(spec, obj)
    if source is None:
        # What bind does for a new row: the chart enters its initial state, written at once.
        source = moves.initial
        setattr(obj, spec.column, source)
    taken = moves.taken.get((source, trigger))
    if taken is None:
        raise InvalidTransition(spec.name, source, trigger, allowed_triggers(spec, source))
    setattr(obj, spec.column, taken.target)
    return Fired(spec.name, trigger, source, taken.target, taken.emits, _count(spec, obj))


def fire_by_chart(spec: MachineSpec, obj: object, trigger: str) -> Fired:
    """``fire`` by driving an instance of the chart bound to ``obj``: for a chart or a model
    with callbacks to run, and for tests/machines/test_moves.py to compare the table with."""
    trigger = str(trigger)
    machine = bind(spec, obj)
    source = getattr(obj, spec.column)
    try:
        machine.send(trigger)
    except TransitionNotAllowed as exc:
        raise InvalidTransition(spec.name, source, trigger, allowed_triggers(spec, source)) from exc
    emits = spec.transition(source, trigger).emits
    return Fired(spec.name, trigger, source, getattr(obj, spec.column), emits, _count(spec, obj))
