"""Semantic checks of machine files, each mistake located at its line and field.

They run after both JSON Schemas have passed, so they can rely on the document's shape and
catch what a schema cannot: graph properties, the sidecar agreeing with the transitions, and
the contract with the engine's code and database columns.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from sqlalchemy import String
from statemachine import StateChart

from engine.db.models import Base
from engine.spec_files import FieldPath, SpecDocument, SpecError
from engine.spec_messages import did_you_mean
from engine.states import NAMED_STATES

from . import cascade
from .contract import ENGINE_TRIGGERS, SUBSCRIBED_EVENTS, TIMED_MACHINES
from .schema import SIDECAR_KEY, parse_duration

# A trigger becomes an attribute of the machine instance, so it must not shadow one of the
# library's: the class's own, plus those StateChart.__init__ sets.
_RESERVED = frozenset(dir(StateChart)) | {"model", "state_field", "history_values"}


def machine_errors(doc: SpecDocument, name: str) -> list[SpecError]:
    """Every semantic error in one machine file whose schemas passed."""
    return [
        error
        for check in (_initial, _targets, _triggers, _dead_ends, _reachable, _sidecar, _named_states, _binding,
                      _timeout, _reactions)
        for error in check(doc, name)
    ]


def catalog_errors(docs: Mapping[str, SpecDocument], directory: Path) -> list[SpecError]:
    """Errors across the machines: each event has one source, and every event something listens
    to (the engine's handlers, a reaction) is emitted. Other events are the YAML's own business."""
    errors = []
    sources: dict[str, str] = {}
    for name, doc in docs.items():
        for path, event in _emitted(doc.data):
            owner = f"{name}.{path[-2]}"
            if event in sources:
                errors.append(doc.error(path, f"{event} is already emitted by {sources[event]}; one source per event"))
            sources.setdefault(event, owner)
    missing = sorted(event for event in SUBSCRIBED_EVENTS if event not in sources)
    if missing:
        errors.append(SpecError(str(directory), None, "",
                                f"no machine emits {', '.join(missing)}, which the engine's handlers subscribe to"))
    for doc in docs.values():
        errors += [
            doc.error(path + ("on",), f"no machine emits {item['on']}")
            for path, item in _reaction_items(doc.data)
            if item["on"] not in sources
        ]
    return errors


def _transitions(data: Any) -> Iterator[tuple[FieldPath, str, str, str]]:
    for source, state in data["states"].items():
        for index, item in enumerate(state.get("transitions") or []):
            yield ("states", source, "transitions", index), source, item["event"], item["target"]


def _emitted(data: Any) -> Iterator[tuple[FieldPath, str]]:
    sidecar = data[SIDECAR_KEY]
    if "created_by" in sidecar:
        yield (SIDECAR_KEY, "created_by", "emits"), sidecar["created_by"]["emits"]
    for trigger, meta in sidecar["transitions"].items():
        if meta["emits"] is not None:
            yield (SIDECAR_KEY, "transitions", trigger, "emits"), meta["emits"]


def _initials(data: Any) -> list[str]:
    return [state for state, body in data["states"].items() if body.get("initial")]


def _initial(doc: SpecDocument, name: str) -> list[SpecError]:
    # The library would silently take the first state; an explicit initial state is clearer.
    initials = _initials(doc.data)
    if not initials:
        return [doc.error(("states",), "no initial state: mark one with initial: true")]
    return [doc.error(("states", s, "initial"), f"{initials[0]} is already the initial state") for s in initials[1:]]


def _targets(doc: SpecDocument, name: str) -> list[SpecError]:
    states = doc.data["states"]
    listed = ", ".join(states)
    return [
        doc.error(path + ("target",), f"unknown state {target!r}{did_you_mean(target, states)}; states: {listed}")
        for path, _source, _event, target in _transitions(doc.data)
        if target not in states
    ]


def _triggers(doc: SpecDocument, name: str) -> list[SpecError]:
    seen: set[tuple[str, str]] = set()
    errors = []
    for path, source, event, _target in _transitions(doc.data):
        if (source, event) in seen:
            errors.append(doc.error(path + ("event",), f"{source} already has a {event!r} transition"))
        if event in _RESERVED:
            errors.append(doc.error(path + ("event",), f"{event!r} is a python-statemachine attribute; rename it"))
        seen.add((source, event))
    return errors


def _dead_ends(doc: SpecDocument, name: str) -> list[SpecError]:
    errors = []
    for state, body in doc.data["states"].items():
        exits = [t["target"] for t in body.get("transitions") or [] if t["target"] != state]
        if body.get("final") and body.get("transitions"):
            errors.append(doc.error(("states", state, "transitions"), "a final state has no transitions"))
        elif not body.get("final") and not exits:
            errors.append(doc.error(("states", state), "dead end: add a transition out of it or mark it final: true"))
    return errors


def _reachable(doc: SpecDocument, name: str) -> list[SpecError]:
    initials = _initials(doc.data)
    if not initials:
        return []
    reached, frontier = {initials[0]}, [initials[0]]
    edges = [(source, target) for _path, source, _event, target in _transitions(doc.data)]
    while frontier:
        state = frontier.pop()
        for target in (t for s, t in edges if s == state and t not in reached):
            reached.add(target)
            frontier.append(target)
    return [
        doc.error(("states", state), f"unreachable from the initial state {initials[0]}")
        for state in doc.data["states"]
        if state not in reached
    ]


def _sidecar(doc: SpecDocument, name: str) -> list[SpecError]:
    declared = doc.data[SIDECAR_KEY]["transitions"]
    errors, used = [], set()
    for path, _source, event, _target in _transitions(doc.data):
        if event not in declared and event not in used:
            errors.append(doc.error(path + ("event",), f"{event!r} has no entry under {SIDECAR_KEY}.transitions"))
        used.add(event)
    errors += [
        doc.error((SIDECAR_KEY, "transitions", trigger), "no transition has this trigger")
        for trigger in declared
        if trigger not in used
    ]
    errors += [
        doc.error(("states",), f"the engine fires '{trigger}' on the {name} machine but no transition declares it")
        for trigger in sorted(ENGINE_TRIGGERS.get(name, frozenset()) - used)
    ]
    return errors


def _named_states(doc: SpecDocument, name: str) -> list[SpecError]:
    states = doc.data["states"]
    return [
        doc.error(("states",), f"the engine's code names the {name} state {state} (engine/states.py); declare it")
        for state in sorted(NAMED_STATES.get(name, frozenset()) - set(states))
    ]


def _reaction_items(data: Any) -> Iterator[tuple[FieldPath, Any]]:
    for index, item in enumerate(data[SIDECAR_KEY].get("reactions") or []):
        yield (SIDECAR_KEY, "reactions", index), item


def _reactions(doc: SpecDocument, name: str) -> list[SpecError]:
    """Each reaction fires a trigger the engine may fire, under guards and moves of the vocabulary."""
    table = doc.data[SIDECAR_KEY]["binds"]["table"]
    # A table that does not exist is _binding's error alone.
    misbound = table != cascade.REACTING_TABLE and table in Base.metadata.tables
    errors = []
    for path, item in _reaction_items(doc.data):
        if misbound:
            errors.append(doc.error(path, f"reactions fire on the event's enrollment ({cascade.REACTING_TABLE}); "
                                          f"the {name} machine binds {table}"))
        errors += _reaction_errors(doc, name, path, item)
    return errors


def _reaction_errors(doc: SpecDocument, name: str, path: FieldPath, item: Any) -> list[SpecError]:
    declared = doc.data[SIDECAR_KEY]["transitions"]
    trigger = item.get("fire")
    errors = []
    if trigger is not None and trigger not in declared:
        errors.append(doc.error(path + ("fire",), f"{trigger!r} is not a trigger of the {name} machine"))
    elif trigger is not None and "engine" not in declared[trigger]["actors"]:
        errors.append(doc.error(path + ("fire",), f"the engine fires it: add engine to the actors of {trigger!r}"))
    for key in ("cond", "unless"):
        if key in item:
            try:
                cascade.parse(item[key])
            except ValueError as exc:
                errors.append(doc.error(path + (key,), str(exc)))
    if "move" in item and item["move"] not in cascade.MOVES:
        moves = ", ".join(cascade.MOVES)
        errors.append(doc.error(path + ("move",), f"unknown move {item['move']!r}; the moves are {moves}"))
    return errors


def _binding(doc: SpecDocument, name: str) -> list[SpecError]:
    """The state lives in a real column, wide enough, whose default is the initial state."""
    binds = doc.data[SIDECAR_KEY]["binds"]
    table = Base.metadata.tables.get(binds["table"])
    if table is None:
        return [doc.error((SIDECAR_KEY, "binds", "table"), f"no table {binds['table']!r} in engine.db.models")]
    column = table.columns.get(binds["column"])
    if column is None:
        return [doc.error((SIDECAR_KEY, "binds", "column"), f"{table.name} has no column {binds['column']!r}")]
    errors = []
    initials = _initials(doc.data)
    default = column.default.arg if column.default is not None else None
    if initials and default != initials[0]:
        message = f"{table.name}.{column.name} defaults to {default!r}, not the initial state {initials[0]!r}"
        errors.append(doc.error((SIDECAR_KEY, "binds", "column"), message))
    width = column.type.length if isinstance(column.type, String) else None
    errors += [
        doc.error(("states", state), f"longer than {table.name}.{column.name} holds ({width} characters)")
        for state in doc.data["states"]
        if width is not None and len(state) > width
    ]
    return errors


def _timeout(doc: SpecDocument, name: str) -> list[SpecError]:
    stale_after = doc.data[SIDECAR_KEY].get("stale_after")
    if name in TIMED_MACHINES and stale_after is None:
        return [doc.error((SIDECAR_KEY,), "declare stale_after (e.g. PT4H): the engine abandons stale ones")]
    if name not in TIMED_MACHINES and stale_after is not None:
        return [doc.error((SIDECAR_KEY, "stale_after"), f"the engine never times out a {name}")]
    if stale_after is not None:
        try:
            parse_duration(stale_after)
        except ValueError as exc:
            return [doc.error((SIDECAR_KEY, "stale_after"), str(exc))]
    return []
