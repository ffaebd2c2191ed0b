"""`ruff check .` finds nothing: the rule set and line length are in pyproject.toml, ruff is in
the test extra (setup.cfg), and CI runs this test with the rest of the suite."""

from __future__ import annotations

import subprocess
import sys

from engine.config import PROJECT_ROOT


def test_ruff_finds_nothing():
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", "--output-format", "concise", "."],
        cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "All checks passed" in result.stdout
