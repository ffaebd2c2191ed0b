"""``bench/against.py`` end to end, tiny: this checkout against its own HEAD, on SQLite. It
checks out the commit in a worktree, serves both, prints a line per write kind, and leaves no
worktree behind. No timing is asserted: the figures are for a change's closing note, not for CI."""

from __future__ import annotations

import re
import subprocess
import sys

from bench.wire.lifters import WRITE_KINDS
from engine.config import PROJECT_ROOT


def worktrees() -> list[str]:
    listed = subprocess.run(["git", "worktree", "list", "--porcelain"], cwd=PROJECT_ROOT, capture_output=True,
                            text=True, check=True).stdout
    return [line for line in listed.splitlines() if line.startswith("worktree ")]


def test_this_checkout_against_a_commit_prints_each_writes_ratio_and_cleans_up():
    before = worktrees()
    finished = subprocess.run(
        [sys.executable, "bench/against.py", "HEAD", "--rounds", "2", "--cycles", "1", "--writers", "2",
         "--threads", "2", "--min-cpu-ticks", "1"],
        cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=300,
    )
    assert finished.returncode == 0, finished.stdout + finished.stderr
    for kind in WRITE_KINDS:
        line = re.search(rf"^  {kind} +([\d.]+) ms -> +([\d.]+) ms: ([\d.]+) \[([\d.]+)-([\d.]+)\]$", finished.stdout,
                         re.MULTILINE)
        assert line is not None, finished.stdout
        other, this, ratio, low, high = map(float, line.groups())
        assert other > 0 and this > 0 and low <= ratio <= high
    assert worktrees() == before
