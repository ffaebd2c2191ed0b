"""Success criterion: the E2E tests cover the happy path of every shipped program.

Every program file carries its worked examples (``examples:``), which
test_program_examples.py runs through the API: a program is complete in its YAML, and adding
one needs no Python file. Nothing counts the programs.
"""

from __future__ import annotations

from engine.config import PROJECT_ROOT
from engine.spec_files import load_document


def test_every_program_file_has_worked_examples():
    without = [
        path.stem for path in sorted((PROJECT_ROOT / "specs" / "programs").glob("*.yaml"))
        if not load_document(path).data.get("examples")
    ]
    assert without == []
