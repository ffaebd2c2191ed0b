"""Every shipped program's worked examples (``examples:`` in its YAML), run through the HTTP API.

The numbers are the authors' hand-worked ones, in the program files; this module only finds
the files (adding a program with examples needs no Python) and runs them as `powerpro test`
does, with the contract-checking client, on SQLite. On PostgreSQL a representative set runs:
for each rule family, the program with examples that uses it in the fewest weeks of examples
(the cheapest to run), so every kind of progression is exercised on both engines without
naming or counting programs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from cli.example_runner import run_example
from cli.program_tests import examples_of
from engine.config import PROJECT_ROOT
from engine.spec_files import load_document

PROGRAMS = PROJECT_ROOT / "specs" / "programs"


def with_examples() -> list[Path]:
    return [p for p in sorted(PROGRAMS.glob("*.yaml")) if load_document(p).data.get("examples")]


def weeks_run(path: Path) -> int:
    """How many weeks the file's examples walk through: what running them costs."""
    program, examples = examples_of(path)
    per_cycle = program.weeks_per_cycle
    return sum((e.last_point.cycle - 1) * per_cycle + (e.last_point.week or per_cycle) for e in examples)


def representative(files: list[Path]) -> set[Path]:
    """For each rule family, the file whose examples walk the fewest weeks (then the first by slug)."""
    cheapest: dict[str, Path] = {}
    for path in sorted(files, key=lambda p: (weeks_run(p), p.stem)):
        for rule in load_document(path).data.get("progressions") or []:
            cheapest.setdefault(rule.get("type"), path)
    return set(cheapest.values())


FILES = with_examples()
ON_POSTGRES = representative(FILES)
PARAMS = [pytest.param(p, id=p.stem, marks=() if p in ON_POSTGRES else pytest.mark.sqlite_only) for p in FILES]


def api(client):
    def call(method: str, path: str, body: Any, token: str | None) -> tuple[int, Any]:
        result = client.request(method, path, json=body, token=token)
        return result.status_code, (result.json if result.content else None)
    return call


@pytest.mark.parametrize("path", PARAMS)
def test_the_program_s_worked_examples(path, client, catalog):
    program, examples = examples_of(path)
    failures = []
    for number, example in enumerate(examples, start=1):
        outcome = run_example(api(client), program, example, f"{program.slug}.{number}@examples.invalid")
        if not outcome.passed:
            failures.append(f"{example.name}: {outcome.difference}")
    assert failures == []
