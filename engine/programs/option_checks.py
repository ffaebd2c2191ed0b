"""What the schema cannot say about a program's ``options``: each reference names a declared
option, each option is used, its default is one of its values (or within its bounds), and the
program is valid with every value the option allows (each enumerated value, both bounds)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any

from engine.programs.options import OPTION_KEY, Option, parse_options, references, resolved, substitute, written
from engine.spec_files import SpecDocument, SpecError

ENDS_ON = ("schedule", "ends_on")


def program_options(doc: SpecDocument) -> tuple[dict[str, Option], list[SpecError]]:
    """The file's options and the mistakes in them and in the references to them."""
    data = doc.data if isinstance(doc.data, Mapping) else {}
    try:
        options = parse_options(data.get("options"))
    except (AttributeError, KeyError, TypeError):  # malformed: the schema reports it
        options = {}
    errors = [doc.error((*path, OPTION_KEY), f"unknown option {ref[OPTION_KEY]!r}; "
                        + (f"the options are {', '.join(options)}" if options else "declare it under options:"))
              for path, ref in references(data) if ref[OPTION_KEY] not in options]
    errors += [doc.error((*path, OPTION_KEY), _misplaced(options[ref[OPTION_KEY]], path))
               for path, ref in references(data)
               if ref[OPTION_KEY] in options and options[ref[OPTION_KEY]].date != (tuple(path) == ENDS_ON)]
    used = {ref[OPTION_KEY] for _, ref in references(data)}
    for option in options.values():
        where = ("options", option.id)
        if option.id not in used:
            errors.append(doc.error(where, "no part of the program uses this option: use it as "
                                           f"{{option: {option.id}}} where a number goes, or remove it"))
        errors += [doc.error((*where, field), message) for field, message in _default_errors(option)]
    return options, errors


def _misplaced(option: Option, path: tuple) -> str:
    if option.date:
        return f"{option.id} is a date: only schedule.ends_on may use it"
    return f"schedule.ends_on needs a date option (date: true), and {option.id} is a {option.kind}"


def _default_errors(option: Option) -> list[tuple[str, str]]:
    if option.date:
        return []  # optional: without one the program runs without a calendar
    if option.default is None:
        return [("default", "give a default (only a date option may go without)")]
    if option.values is not None:
        return [] if option.default in option.values else [("default", f"{option.default!r} is not one of values")]
    if option.minimum is None or option.maximum is None:
        return [("minimum", "give minimum and maximum, or values")]
    units = ("lb", "kg") if option.weight else (None,)
    errors = []
    for unit in units:
        low, high, default = (_in(option.minimum, unit), _in(option.maximum, unit), _in(option.default, unit))
        if not all(isinstance(v, int | float) and not isinstance(v, bool) for v in (low, high, default)):
            errors.append(("default", "a weight option gives minimum, maximum and default as {lb: .., kg: ..}"
                           if option.weight else "minimum, maximum and default are numbers"))
        elif not low <= default <= high:
            errors.append(("default", f"{default} is not between {low} and {high}" + (f" {unit}" if unit else "")))
    return errors


def _in(value: Any, unit: str | None) -> Any:
    if unit is None:
        return value
    return value.get(unit) if isinstance(value, Mapping) else None


def variant_errors(doc: SpecDocument, options: Mapping[str, Option],
                   check: Callable[[SpecDocument, Any], list[SpecError]]) -> list[SpecError]:
    """``check``'s errors for each value an option allows other than its default, each saying so:
    ``check`` gets the document with the value written in, and the data the program is built from."""
    defaults = resolved(options, None)
    errors: list[SpecError] = []
    for option in options.values():
        for value in option.variants():
            if value == defaults[option.id]:
                continue
            values = {**defaults, option.id: value}
            errors += [replace(e, message=f"with {option.id} = {value}: {e.message}")
                       for e in check(replace(doc, data=substitute(doc.data, values)), written(doc.data, values))]
    return errors
