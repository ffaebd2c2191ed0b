"""What an author reads when a spec file is wrong: one message per mistake, in their terms.

JSON Schema reports what a document breaks, not what its author did: a key written one level
too high is both "unknown" where it is and "required" where it belongs; a typo in a field name
lists every allowed one; ``percent: 0.85`` is a valid number. Each explainer here turns one
kind of jsonschema error into the sentence that names the mistake (with a "did you mean" where
a close name exists), and :func:`pair_misplaced` folds the two halves of a misplaced key into one.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import jsonschema
import yaml

FieldPath = tuple[str | int, ...]
PERCENT_FIELD = "percent"
SMALLEST_PERCENT = 5  # below it, a percentage of a max is a fraction written by mistake (0.85)


def did_you_mean(word: Any, choices: Iterable[Any]) -> str:
    """`` (did you mean 'squat'?)`` for the closest of ``choices``, or ``""`` when none is close."""
    if not isinstance(word, str):
        return ""
    close = difflib.get_close_matches(word, [str(c) for c in choices], n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


@dataclass(frozen=True)
class Finding:
    """One mistake at one field; ``unknown``/``missing`` name a key for :func:`pair_misplaced`."""

    path: FieldPath
    message: str
    unknown: str | None = None
    missing: str | None = None


# An explainer returns its findings ([] when the error is another one's consequence), or None to
# leave the error to jsonschema's own message.
Explainer = Callable[[jsonschema.ValidationError, dict[str, Any]], list[Finding] | None]
_EXPLAINERS: dict[str, Explainer] = {}


def explains(*validators: str) -> Callable[[Explainer], Explainer]:
    def register(explainer: Explainer) -> Explainer:
        for name in validators:
            _EXPLAINERS[name] = explainer
        return explainer

    return register


def explain(error: jsonschema.ValidationError, root: dict[str, Any]) -> list[Finding]:
    """The findings of one error (its most relevant branch for a oneOf/anyOf)."""
    best = jsonschema.exceptions.best_match([error])
    explainer = _EXPLAINERS.get(str(best.validator))
    findings = explainer(best, root) if explainer else None
    return [Finding(tuple(best.absolute_path), best.message)] if findings is None else findings


@explains("additionalProperties", "unevaluatedProperties")
def _unknown_fields(error: jsonschema.ValidationError, root: dict[str, Any]) -> list[Finding] | None:
    if not isinstance(error.instance, dict):
        return None
    allowed = _allowed_keys(error.schema, error.instance, root)
    patterns = [p for p in error.schema.get("patternProperties", {})]
    path = tuple(error.absolute_path)
    return [
        Finding(path + (key,), f"unknown field{did_you_mean(key, allowed)}; allowed here: {', '.join(sorted(allowed))}",
                unknown=str(key))
        for key in error.instance
        if key not in allowed and not any(_matches(p, key) for p in patterns)
    ]


@explains("required")
def _missing_field(error: jsonschema.ValidationError, root: dict[str, Any]) -> list[Finding] | None:
    missing = next((k for k in error.validator_value if k not in (error.instance or {})), None)
    return [Finding(tuple(error.absolute_path), error.message, missing=missing)] if missing else None


@explains("enum")
def _not_one_of(error: jsonschema.ValidationError, root: dict[str, Any]) -> list[Finding]:
    choices = ", ".join(map(str, error.validator_value))
    hint = did_you_mean(error.instance, error.validator_value)
    return [Finding(tuple(error.absolute_path), f"{error.instance!r} is not one of: {choices}{hint}")]


@explains("minimum", "exclusiveMinimum")
def _too_small(error: jsonschema.ValidationError, root: dict[str, Any]) -> list[Finding] | None:
    path, value = tuple(error.absolute_path), error.instance
    fraction = isinstance(value, (int, float)) and 0 < value < SMALLEST_PERCENT
    if path and str(path[-1]).endswith(PERCENT_FIELD) and fraction:
        return [Finding(path, f"{value} reads as {value}%: a percent is written whole (85 means 85%); "
                              f"did you mean {value * 100:g}?")]
    return None


# PyYAML's words for a syntax error, and what an author most often did to cause it.
_SYNTAX_HINTS = {
    "expected <block end>, but found": "this line is indented differently from the lines around it",
    "mapping values are not allowed here": "a ':' inside a value: quote the value, or fix the indentation",
    "could not find expected ':'": "a key without ':', or a line that continues the one above",
    "found character '\\t' that cannot start any token": "a tab: YAML indents with spaces only",
    "did not find expected key": "this line is indented differently from the keys around it",
    "found duplicate anchor": "an anchor (&name) defined twice",
    "found undefined alias": "an alias (*name) with no anchor of that name",
}


def syntax_message(exc: yaml.MarkedYAMLError, text: str) -> str:
    problem = exc.problem or str(exc)
    hint = next((h for words, h in _SYNTAX_HINTS.items() if problem.startswith(words)), "")
    if hint and exc.problem_mark and "indented" in hint:
        hint = _misaligned_sibling(text, exc.problem_mark.line) or hint
    return f"invalid YAML: {problem}" + (f" ({hint})" if hint else "")


def _misaligned_sibling(text: str, index: int) -> str:
    """Where the block this line belongs to started at another indentation, say which line."""
    lines = text.splitlines()

    def indent(i: int) -> int:
        return len(lines[i]) - len(lines[i].lstrip(" "))

    def content(i: int) -> bool:
        return bool(lines[i].strip()) and not lines[i].lstrip().startswith("#")

    if index >= len(lines) or not content(index):
        return ""
    parent = next((i for i in range(index - 1, -1, -1) if content(i) and indent(i) < indent(index)), None)
    if parent is None:
        return ""
    first = next(i for i in range(parent + 1, index + 1) if content(i))
    if indent(first) == indent(index):
        return ""
    return (f"line {first + 1} is indented {indent(first)} spaces and this line {indent(index)}: "
            f"the entries under line {parent + 1} must line up")


def excerpt(text: str, line: int | None, column: int | None) -> str:
    """The offending line, numbered, with a caret under ``column``."""
    lines = text.splitlines()
    if not line or not 1 <= line <= len(lines):
        return ""
    gutter = f"{line:>5} | "
    caret = " " * (len(gutter) + max((column or 1) - 1, 0)) + "^"
    return f"{gutter}{lines[line - 1]}\n{caret}"


def pair_misplaced(findings: Sequence[Finding]) -> list[Finding]:
    """A key that is unknown where it is and missing where it belongs is one mistake: reported
    once, at the line where it was written, saying where it goes. A required key missing next to
    an unknown key of a close name is a typo, already told by the unknown key's "did you mean"."""
    missing = {f.missing: f for f in findings if f.missing}
    moved = {f.unknown: f for f in findings if f.unknown in missing}
    misspelled = {
        f.missing for f in findings
        if f.missing and any(u.unknown and u.path[:-1] == f.path and did_you_mean(u.unknown, [f.missing])
                             for u in findings)
    }
    out = []
    for finding in findings:
        if finding.unknown in moved:
            home = missing[finding.unknown].path
            where = ".".join(str(p) for p in home) or "the top level"
            out.append(Finding(finding.path, f"misplaced: {finding.unknown!r} belongs under {where}"))
        elif finding.missing not in moved and finding.missing not in misspelled:
            out.append(finding)
    return out


def _allowed_keys(schema: dict[str, Any], instance: dict[str, Any], root: dict[str, Any]) -> set[str]:
    """The properties ``schema`` evaluates for ``instance``: its own, and (for
    unevaluatedProperties) those of every if/then branch that applies. When no conditional branch
    applies (a misspelled ``type``), every branch's keys are allowed: the mistake is the type."""
    keys = set(schema.get("properties", {}))
    branches = [_resolve(b, root) for b in schema.get("allOf", [])]
    conditional = [b for b in branches if "if" in b]
    applying = [b for b in conditional if _valid(instance, _resolve(b["if"], root), root)]
    for branch in [b for b in branches if "if" not in b] + (applying or conditional):
        keys |= set(_resolve(branch.get("then", branch), root).get("properties", {}))
    ref = schema.get("$ref")
    if ref:
        keys |= _allowed_keys(_resolve({"$ref": ref}, root), instance, root)
    return keys


def _resolve(schema: Any, root: dict[str, Any]) -> dict[str, Any]:
    while isinstance(schema, dict) and isinstance(schema.get("$ref"), str) and schema["$ref"].startswith("#/"):
        node: Any = root
        for part in schema["$ref"][2:].split("/"):
            node = node[part]
        schema = node
    return schema if isinstance(schema, dict) else {}


def _valid(instance: Any, schema: dict[str, Any], root: dict[str, Any]) -> bool:
    validator_cls = jsonschema.validators.validator_for(root)
    return validator_cls({**schema, "$defs": root.get("$defs", {})}).is_valid(instance)


def _matches(pattern: str, key: Any) -> bool:
    return re.search(pattern, str(key)) is not None
