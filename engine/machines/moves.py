"""A machine's transitions as a table, read off python-statemachine's chart once, when loaded.

Driving a chart instance costs most of a millisecond per transition: the instance resolves
every callback name against its model with ``dir()``, adapts signatures, computes exit and
entry sets. The engine's charts are flat and unguarded (the profile schema), so for them
"fire ``trigger`` in ``state``" is a lookup of ``(state, trigger)``. The chart stays the source
of truth: the table is derived from the class python-statemachine built (its states, its
transitions, its targets), and ``binding.fire`` still drives an instance whenever the chart
has something to run: a chart the table cannot express (``derive`` returns None) or a model
that declares one of the chart's callbacks (``calls_back``). tests/machines/test_moves.py
checks the two ways agree on every machine, state and trigger.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from statemachine import StateChart


class Declared(Protocol):
    """What the table needs of a declared transition: a spec.TransitionSpec (spec imports this module)."""

    @property
    def source(self) -> str: ...
    @property
    def trigger(self) -> str: ...
    @property
    def target(self) -> str: ...
    @property
    def emits(self) -> str | None: ...


@dataclass(frozen=True)
class Moves:
    initial: str  # the value the chart writes to a model that has none
    taken: Mapping[tuple[str, str], Declared]  # (source, trigger) -> the transition taken
    # Every name the chart would call on its model: on_enter_<state>, before_<trigger>, ...
    callbacks: frozenset[str]
    # Per model class: whether the class itself declares one of ``callbacks`` (filled as met).
    _by_class: dict[type, bool] = field(default_factory=dict, compare=False, repr=False)

    def calls_back(self, model: object) -> bool:
        """Whether the chart would call something on ``model``, as its instance sees it: the
        names ``dir(model)`` lists, i.e. the class's and the instance's own attributes."""
        kind = type(model)
        by_class = self._by_class.get(kind)
        if by_class is None:
            # A class that makes up its own dir() is left to the chart.
            by_class = kind.__dir__ is not object.__dir__ or not self.callbacks.isdisjoint(dir(kind))
            self._by_class[kind] = by_class
        return by_class or not self.callbacks.isdisjoint(getattr(model, "__dict__", ()))


def derive(chart: type[StateChart], declared: Iterable[Declared]) -> Moves | None:
    """The table of ``chart``, its transitions being ``declared`` (which add emits and actors);
    None when the chart has what a table cannot say: nested, parallel or history states, a
    transition without an event or with other than one target, a guard or validator, an action
    or callback of its own, or a transition the file does not declare."""
    by_key = {(t.source, t.trigger): t for t in declared}
    callbacks: set[str] = set()
    taken: dict[tuple[str, str], Declared] = {}
    if not _conventions(chart.prepare, callbacks) or chart._class_listeners:
        return None
    # The chart may answer its own prepare callbacks: they only make arguments for the others
    # (the io loader gives each chart a prepare_event that builds SCXML's _event, _sessionid,
    # ... for expressions), and the table is only used where no other callback runs.
    preparing = frozenset(callbacks)
    for state in chart.states_map.values():
        if not state.is_atomic or state.parent is not None or state.is_history:
            return None
        if not all(_conventions(group, callbacks) for group in (state.enter, state.exit, state.invoke)):
            return None
        for transition in state.transitions:
            if (transition.is_eventless or len(transition.targets) != 1 or list(transition.cond)
                    or list(transition.validators)
                    or not all(_conventions(group, callbacks) for group in
                               (transition.before, transition.on, transition.after))):
                return None
            for event in transition.events:
                spec = by_key.get((state.value, event.id))
                if spec is None or spec.target != transition.target.value:
                    return None
                # Of two transitions on one event the chart takes the first (the loader forbids two).
                taken.setdefault((state.value, event.id), spec)
    if set(taken) != set(by_key) or not (callbacks - preparing).isdisjoint(dir(chart)) or chart.initial_state is None:
        return None
    return Moves(chart.initial_state.value, taken, frozenset(callbacks))


def _conventions(group: Iterable[Any], names: set[str]) -> bool:
    """Add the callback names of ``group`` to ``names``; False if one is not a naming convention
    (an action the chart itself declares, which only an instance runs)."""
    for spec in group:
        if not spec.is_convention:
            return False
        names.add(spec.func)
    return True
