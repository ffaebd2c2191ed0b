"""Paths and helpers shared by the machine tests."""

from __future__ import annotations

from pathlib import Path

from engine.config import PROJECT_ROOT

MACHINES_DIR = PROJECT_ROOT / "specs" / "machines"
DIAGRAMS_DIR = PROJECT_ROOT / "docs" / "diagrams"


def line_of(path: Path, needle: str) -> int:
    """The 1-based line of the one line of ``path`` containing ``needle``."""
    lines = [n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line]
    assert len(lines) == 1, f"{needle!r} is on lines {lines} of {path.name}"
    return lines[0]
