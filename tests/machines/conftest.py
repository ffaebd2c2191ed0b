"""Machine tests need no database: specs are files, and machines bind to plain objects."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from engine.machines import MachineSpec, load_machines

from .support import MACHINES_DIR


@pytest.fixture(scope="session")
def specs() -> dict[str, MachineSpec]:
    return load_machines(MACHINES_DIR)


@pytest.fixture
def machines_dir(tmp_path: Path) -> Path:
    """A writable copy of the committed machine specs, to break one file at a time."""
    directory = tmp_path / "machines"
    shutil.copytree(MACHINES_DIR, directory)
    return directory


@pytest.fixture
def edit(machines_dir: Path) -> Callable[[str, str, str], Path]:
    """``edit("week", old, new)``: replace the one occurrence of ``old`` in week.yaml."""

    def edit(machine: str, old: str, new: str) -> Path:
        path = machines_dir / f"{machine}.yaml"
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {path.name}"
        path.write_text(text.replace(old, new), encoding="utf-8")
        return path

    return edit

