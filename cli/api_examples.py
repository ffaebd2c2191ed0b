"""api/examples.json, the OpenAPI document's examples, chosen from the exchanges tests recorded.

Every example is an answer a test received and checked (tests/support/recording.py): the E2E
recipes give the everyday requests and answers; API tests that ask for the ``recorder`` fixture
give the errors and the endpoints no recipe calls. For each operation, status and problem code,
the first recorded answer wins (the Starting Strength recipe first, then the other E2E tests,
then the API tests, each in name order), so the file only changes when behaviour does.
Ids, tokens, times, emails and version hashes become stable placeholders of the same format.

``api.openapi_document`` merges the file into each operation's request body and responses.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from api.openapi_document import EXAMPLES_FILE

__all__ = ["EXAMPLES_FILE", "build", "render"]
CANONICAL = "starting_strength.test_a_new_lifter_runs_the_first_cycle_and_starts_the_second"
API_RECORDINGS = "api"
MAX_ITEMS = 3  # a list in an example keeps its first items: enough to show their shape

UUID = re.compile(r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b")
HASH = re.compile(r"\b[0-9a-f]{64}\b")
TIME = re.compile(r"(?<!\d)\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})?")
DATE = re.compile(r"(?<!\d)\d{4}-\d{2}-\d{2}\b")
NUMBERED_EMAIL = re.compile(r"\b([a-z][a-z_.-]*?)\d+@example\.com\b")
# Answers whose lists have no order among rows written in one transaction (the export's rows).
UNORDERED = frozenset({"getExport"})
VOLATILE_FIELDS = {"token": "<token>", "request_id": "0123456789abcdef0123456789abcdef",
                   "error_id": "0123456789abcdef"}


def recordings_in_order(recordings: Path) -> Iterator[tuple[str, dict]]:
    """(name, record) of every recording: the canonical recipe, other E2E tests, API tests."""
    e2e = sorted(recordings.glob("*.json"), key=lambda p: (p.stem != CANONICAL, p.stem))
    for path in [*e2e, *sorted((recordings / API_RECORDINGS).glob("*.json"))]:
        yield path.stem, json.loads(path.read_text(encoding="utf-8"))


def build(recordings: Path) -> dict[str, Any]:
    """{operationId: {"request": example, "responses": {status: {name: example}}}}."""
    examples: dict[str, dict] = {}
    for _, record in recordings_in_order(recordings):
        source = _source(record)
        for exchange in record["exchanges"]:
            if exchange.get("operation"):
                if exchange["operation"] in UNORDERED:
                    exchange = {**exchange, "response": _in_stable_order(exchange["response"])}
                _add(examples.setdefault(exchange["operation"], {"responses": {}}), _stable(exchange), source)
    return {op: examples[op] for op in sorted(examples)}


def render(recordings: Path) -> str:
    return json.dumps(build(recordings), indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def _add(examples: dict, exchange: dict, source: str) -> None:
    status, response = str(exchange["status"]), exchange["response"]
    # First: an optional body (POST /workouts/start) may be absent from the first success recorded.
    if exchange["request"] is not None and exchange["status"] < 300 and "request" not in examples:
        examples["request"] = {"summary": exchange["step"] or "A recorded request",
                               "description": f"Recorded by {source}", "value": _trim(exchange["request"])}
    is_problem = isinstance(response, dict) and exchange["status"] >= 400 and "code" in response
    name = response["code"] if is_problem else (_slug(exchange["step"]) or "recorded")
    by_name = examples["responses"].setdefault(status, {})
    if by_name and not is_problem:
        return  # one success example per status
    if name in by_name:
        return
    value = _trim(response) if is_problem else _abridged(exchange["operation"], response)
    by_name[name] = {"summary": f"{status} {name}" if is_problem else exchange["step"] or "A recorded answer",
                     "description": f"Recorded by {source}", "value": value}


def _source(record: dict) -> str:
    module = record.get("module", "")
    return f"`{module.replace('.', '/')}.py::{record['test']}`"


def _slug(step: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", step.lower()).strip("_")


def _stable(exchange: dict) -> dict:
    """The exchange with its ids, tokens, times and numbered emails as fixed placeholders."""
    text = json.dumps(exchange)
    replacements = {}
    for field, placeholder in VOLATILE_FIELDS.items():
        for value in _field_values(exchange, field):
            replacements[value] = placeholder
    for value, placeholder in replacements.items():
        text = text.replace(json.dumps(value)[1:-1], placeholder)
    ids: dict[str, str] = {}
    text = UUID.sub(lambda m: ids.setdefault(m.group(), f"00000000-0000-4000-8000-{len(ids) + 1:012d}"), text)
    text = HASH.sub("0" * 64, text)
    text = TIME.sub("2025-01-06T18:00:00Z", text)
    text = DATE.sub("2025-01-06", text)
    text = NUMBERED_EMAIL.sub(r"\1@example.com", text)
    return json.loads(text)


def _field_values(value: Any, field: str) -> Iterator[str]:
    if isinstance(value, dict):
        for key, item in value.items():
            if key == field and isinstance(item, str) and item:
                yield item
            else:
                yield from _field_values(item, field)
    elif isinstance(value, list):
        for item in value:
            yield from _field_values(item, field)


def _in_stable_order(value: Any) -> Any:
    """Lists of objects sorted by what they hold apart from ids, times included: rows that differ
    only in their ids (a set's transitions in two workouts) still come in the order they were
    written, so the ids' placeholders are numbered alike on every run."""
    if isinstance(value, dict):
        return {k: _in_stable_order(v) for k, v in value.items()}
    if isinstance(value, list):
        items = [_in_stable_order(v) for v in value]
        if all(isinstance(v, dict) for v in items):
            items.sort(key=lambda v: UUID.sub("", json.dumps(v, sort_keys=True)))
        return items
    return value


def _trim(value: Any) -> Any:
    if isinstance(value, list):
        return [_trim(v) for v in value[:MAX_ITEMS]]
    if isinstance(value, dict):
        return {k: _trim(v) for k, v in value.items()}
    return value


def _openapi_document(document: Any) -> Any:
    """The document itself would hold its own examples: its head stands for it."""
    if not isinstance(document, dict):
        return document
    return {key: document[key] for key in ("openapi", "info") if key in document} | {"paths": {}}


def _page_head(page: Any) -> Any:
    """An HTML page (the preview, with its inline diagram) is tens of kilobytes: its head stands for it."""
    if not isinstance(page, str) or len(page) <= PAGE_CHARS:
        return page
    return page[:PAGE_CHARS] + "\n<!-- ... the rest of the page -->"


PAGE_CHARS = 1500
ABRIDGED: dict[str, Callable[[Any], Any]] = {"getOpenApi": _openapi_document, "getOpenApi30": _openapi_document,
                                             "getPreview": _page_head}


def _abridged(operation: str, response: Any) -> Any:
    return ABRIDGED.get(operation, _trim)(response)
