"""Success criterion: the E2E tests cover the happy path of every shipped program.

A program is covered by its worked examples (``examples:`` in its YAML, run through the API by
test_program_examples.py), or, until its hand-worked checks have moved there, by its own
module here. Nothing counts the programs: adding one with examples needs no Python file.
"""

from __future__ import annotations

from pathlib import Path

from engine.config import PROJECT_ROOT
from engine.spec_files import load_document


def test_every_program_has_worked_examples_or_its_own_e2e_module():
    here = Path(__file__).parent
    uncovered = [
        path.stem for path in sorted((PROJECT_ROOT / "specs" / "programs").glob("*.yaml"))
        if not load_document(path).data.get("examples")
        and not (here / f"test_{path.stem.replace('-', '_')}.py").exists()
    ]
    assert uncovered == []
