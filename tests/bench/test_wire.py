"""The over-the-wire benchmark in its quick form, on SQLite, with tiny numbers: it runs end to end
through ``bench/run.py --wire`` and its report has every figure, each a positive number.
No timing is asserted: the figures are for docs/performance.md, not for CI."""

from __future__ import annotations

import json
import math
import subprocess
import sys

from bench.wire.report import FIGURES
from engine.config import PROJECT_ROOT

USERS = (20, 60)
ROUNDS = 2


def test_the_wire_benchmark_reports_every_figure_per_round_and_at_scale(tmp_path):
    report_file = tmp_path / "report.json"
    finished = subprocess.run(
        [sys.executable, "bench/run.py", "--wire", "--quick", "--users", *map(str, USERS), "--sets", "300",
         "--rounds", str(ROUNDS), "--seconds", "0.2", "--cache", str(tmp_path / "cache"), "--json", str(report_file)],
        cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=300,
    )
    assert finished.returncode == 0, finished.stdout + finished.stderr
    report = json.loads(report_file.read_text())

    assert [(run["engine"], run["users"], run["sets"]) for run in report["runs"]] == [
        ("sqlite", 20, 100), ("sqlite", 60, 300)]  # as many sets per user at each size
    keys = {figure.key for figure in FIGURES}
    for run in report["runs"]:
        assert set(run["figures"]) == keys
        for key, values in run["figures"].items():
            assert len(values) == ROUNDS and all(_positive(v) for v in values), (key, values)
    assert set(report["scale"]) == {"sqlite"}
    assert set(report["scale"]["sqlite"]) == keys
    assert all(_positive(ratio) for ratio in report["scale"]["sqlite"].values()), report["scale"]
    for figure in FIGURES:  # the printed table has a row for each
        assert figure.label in finished.stdout


def _positive(value: object) -> bool:
    return isinstance(value, float) and math.isfinite(value) and value > 0
