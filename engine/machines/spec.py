"""A loaded machine: the library's StateChart class plus what the ``powerpro:`` sidecar adds."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

from statemachine import StateChart

from .moves import Moves, derive


@dataclass(frozen=True)
class TransitionSpec:
    trigger: str
    source: str
    target: str
    emits: str | None
    actors: tuple[str, ...]


@dataclass(frozen=True)
class Reaction:
    """``powerpro.reactions``: when ``on`` happens, fire ``trigger`` and/or make ``move`` if the
    guard holds (``cond`` holds and ``unless`` does not; names from engine.machines.cascade)."""

    on: str
    trigger: str | None = None
    cond: str | None = None
    unless: str | None = None
    move: str | None = None
    # The compiled guard: takes a cascade.Occasion.
    holds: Callable[[Any], bool] = field(default=lambda occasion: True, compare=False, repr=False)

    @property
    def guard_text(self) -> str:
        """The guard as the chart reads it: ``a and b``, ``not c``."""
        parts = [self.cond] if self.cond else []
        if self.unless:
            parts.append(f"not ({self.unless})" if " " in self.unless.strip() else f"not {self.unless}")
        return " and ".join(parts)


@dataclass(frozen=True)
class Creation:
    """The design's "(none) -> initial state" transition: creating the entity itself."""

    trigger: str
    target: str
    emits: str
    actors: tuple[str, ...]


@dataclass(frozen=True)
class MachineSpec:
    name: str
    path: Path
    description: str
    # The class statemachine.io.load built, made strict (see loading.strict_chart).
    chart: type[StateChart]
    table: str
    column: str
    states: tuple[str, ...]
    initial: str
    finals: frozenset[str]
    transitions: tuple[TransitionSpec, ...]
    creation: Creation | None
    stale_after: timedelta | None
    reactions: tuple[Reaction, ...] = ()
    # Derived from the above when built (__post_init__), for a transition to be a lookup:
    # binding.fire's table (None when only a chart instance can fire this machine's triggers),
    # and allowed_triggers' answers by (state, actor or None).
    moves: Moves | None = field(init=False, repr=False, compare=False)
    allowed: Mapping[tuple[str, str | None], tuple[str, ...]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "moves", derive(self.chart, self.transitions))
        actors = {None, *(actor for t in self.transitions for actor in t.actors)}
        allowed = {
            (state, actor): tuple(dict.fromkeys(
                t.trigger for t in self.transitions if t.source == state and (actor is None or actor in t.actors)))
            for state in self.states
            for actor in actors
        }
        object.__setattr__(self, "allowed", allowed)

    @property
    def triggers(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(t.trigger for t in self.transitions))

    @property
    def events(self) -> frozenset[str]:
        """Every event this machine emits, its creation event included."""
        emitted = {t.emits for t in self.transitions if t.emits}
        return frozenset(emitted | ({self.creation.emits} if self.creation else set()))

    def transition(self, source: str, trigger: str) -> TransitionSpec:
        """The one transition ``trigger`` takes from ``source`` (the loader forbids two)."""
        for transition in self.transitions:
            if transition.source == source and transition.trigger == trigger:
                return transition
        raise KeyError(f"the {self.name} machine has no {trigger!r} transition from {source}")


def allowed_triggers(spec: MachineSpec, state: str, actor: str | None = None) -> list[str]:
    """The triggers ``state`` allows, in the YAML's order; ``actor`` keeps only those it may fire.

    Machines are unguarded (the profile schema forbids ``cond``), so this needs no instance:
    the answers were worked out when the spec was built.
    """
    allowed = spec.allowed.get((state, actor))
    if allowed is not None:
        return list(allowed)
    if state not in spec.states:
        raise ValueError(f"{state!r} is not a state of the {spec.name} machine; states: {', '.join(spec.states)}")
    return []  # an actor no transition names
