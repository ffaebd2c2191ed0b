"""bench/simulate.py runs end to end and reports each program's figures and ratio to the 1 s
budget. No timing is asserted (the machine may be busy): the figures are for the docs."""

from __future__ import annotations

import subprocess
import sys

from engine.config import PROJECT_ROOT


def test_the_simulate_benchmark_prints_a_row_per_program_with_its_ratios():
    finished = subprocess.run(
        [sys.executable, "bench/simulate.py", "--rounds", "1", "--programs", "starting-strength"],
        cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=300,
    )
    assert finished.returncode == 0, finished.stdout + finished.stderr
    lines = finished.stdout.splitlines()
    assert lines[0].split() == ["program", "weeks", "workouts", "sets", "wall", "s", "cpu", "s", "cpu/budget",
                                "cold", "cpu", "s", "cold/warm"]
    row = lines[2].split()
    assert row[:4] == ["starting-strength", "2", "6", "42"]  # 2 weeks of 3 workouts, 7 sets each (3+3+1)
    assert row[6].endswith("x") and float(row[6][:-1]) > 0 and row[8].endswith("x")
