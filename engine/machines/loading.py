"""Load the machine files: located validation, then python-statemachine builds each class.

A machine file is python-statemachine's native YAML statechart plus one ``powerpro:`` key (the
sidecar) holding what the engine needs and the library has no place for. The sidecar is
validated by our schema and stripped; the rest goes to ``statemachine.io.load`` in secure
mode. Every error of every file is collected before anything is raised.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

from statemachine import StateChart
from statemachine.exceptions import InvalidDefinition
from statemachine.io import load
from statemachine.io.validation import load_schema

from engine.spec_files import SpecDocument, SpecError, SpecErrors, load_document, schema_errors

from .cascade import compile_guard
from .checks import catalog_errors, machine_errors
from .contract import Machine
from .schema import SIDECAR_KEY, SIDECAR_SCHEMA, parse_duration
from .spec import Creation, MachineSpec, Reaction, TransitionSpec

_MACHINES = frozenset(Machine)


def load_machines(directory: Path) -> dict[str, MachineSpec]:
    """The four machines of ``directory`` by name, or :class:`SpecErrors` listing every mistake."""
    directory = Path(directory)
    paths = {path.stem: path for path in sorted(directory.glob("*.yaml"))}
    errors = [
        SpecError(str(directory / f"{name}.yaml"), None, "", f"missing: the engine needs the {name} machine")
        for name in Machine
        if name not in paths
    ]
    errors += [
        SpecError(str(path), None, "", f"not a machine the engine knows ({', '.join(Machine)})")
        for name, path in paths.items()
        if name not in _MACHINES
    ]
    docs: dict[str, SpecDocument] = {}
    for name in (str(m) for m in Machine if m in paths):
        try:
            doc = load_document(paths[name])
        except SpecErrors as exc:
            errors += exc.errors
            continue
        file_errors = _schema_errors(doc) or machine_errors(doc, name)
        errors += file_errors
        if not file_errors:
            docs[name] = doc
    if len(docs) == len(Machine):
        # Cross-machine checks only mean something once every machine is readable.
        errors += catalog_errors(docs, directory)
    specs = {}
    for name, doc in docs.items():
        try:
            specs[name] = _build(doc, name)
        except InvalidDefinition as exc:
            errors.append(doc.error((), f"python-statemachine refused it: {exc}"))
    if errors:
        raise SpecErrors(errors)
    return specs


def strict_chart(chart: type[StateChart]) -> type[StateChart]:
    """A subclass of ``chart`` that raises TransitionNotAllowed instead of ignoring an event.

    A loaded StateChart follows SCXML: an event with no transition from the current state
    (or an unknown one) is silently dropped, and exceptions in callbacks become
    ``error.execution`` events. The engine wants both to raise.
    """
    attrs = {"allow_event_without_transition": False, "catch_errors_as_events": False, "__module__": __name__}
    return type(chart.__name__, (chart,), attrs)


def _schema_errors(doc: SpecDocument) -> list[SpecError]:
    library = schema_errors(replace(doc, data=_statechart(doc.data)), load_schema())
    reported = {error.field for error in library}
    # Both schemas see the states: where the library already complains, ours would repeat it.
    ours = [e for e in schema_errors(doc, SIDECAR_SCHEMA) if not (e.field.startswith("states") and e.field in reported)]
    # Both calls report the document's duplicate keys.
    return list(dict.fromkeys(library + ours))


def _statechart(data: Any) -> Any:
    return {k: v for k, v in data.items() if k != SIDECAR_KEY} if isinstance(data, dict) else data


def _build(doc: SpecDocument, name: str) -> MachineSpec:
    # Handed over as JSON: the document is parsed already, and JSON is read in C. validate=False:
    # _schema_errors has checked it against the library's own schema (the library would check
    # that schema against its metaschema on every load, a tenth of a second each).
    text = json.dumps(_statechart(doc.data), default=str)
    chart = load(text, format="json", trusted=False, validate=False, name=name)
    sidecar = doc.data[SIDECAR_KEY]
    states = doc.data["states"]
    initial = next(state for state, body in states.items() if body.get("initial"))
    created_by = sidecar.get("created_by")
    return MachineSpec(
        name=name,
        path=doc.path,
        description=doc.data.get("description", ""),
        chart=strict_chart(chart),
        table=sidecar["binds"]["table"],
        column=sidecar["binds"]["column"],
        states=tuple(states),
        initial=initial,
        finals=frozenset(state for state, body in states.items() if body.get("final")),
        transitions=tuple(
            TransitionSpec(
                trigger=item["event"],
                source=source,
                target=item["target"],
                emits=sidecar["transitions"][item["event"]]["emits"],
                actors=tuple(sidecar["transitions"][item["event"]]["actors"]),
            )
            for source, body in states.items()
            for item in body.get("transitions") or []
        ),
        creation=Creation(created_by["trigger"], initial, created_by["emits"], tuple(created_by["actors"]))
        if created_by
        else None,
        stale_after=parse_duration(sidecar["stale_after"]) if "stale_after" in sidecar else None,
        reactions=tuple(_reaction(item) for item in sidecar.get("reactions") or ()),
    )


def _reaction(item: dict) -> Reaction:
    cond, unless = item.get("cond"), item.get("unless")
    return Reaction(on=item["on"], trigger=item.get("fire"), cond=cond, unless=unless, move=item.get("move"),
                    holds=compile_guard(cond, unless))
