"""The author's tools: `powerpro simulate` runs the service's own code path on a scratch
database; `powerpro validate` reports every mistake of every spec with its line."""

from __future__ import annotations

import shutil

from click.testing import CliRunner

from cli.main import cli
from engine.config import PROJECT_ROOT

BBB_MAXES = ["--max", "squat=400lb", "--max", "bench-press=250lb", "--max", "deadlift=500lb",
             "--max", "overhead-press=150lb"]
SS_MAXES = ["--max", "squat=135lb", "--max", "overhead-press=75lb", "--max", "bench-press=115lb",
            "--max", "deadlift=185lb"]


def sessions(output: str) -> dict[str, list[str]]:
    """'cycle 1 week 1 day 4: squat' -> its indented lines (warm-ups left out)."""
    found, current = {}, None
    for line in output.splitlines():
        if line.startswith("cycle "):
            current = line.split(":")[0]
            found[current] = []
        elif current and line.startswith("  ") and not line.endswith(" warm-up"):
            found[current].append(" ".join(line.split()))
    return found


def test_simulate_prints_the_worked_531_numbers_and_the_cycle_increase():
    result = CliRunner().invoke(cli, ["simulate", "wendler-531-bbb", *BBB_MAXES, "--cycles", "2"])
    assert result.exit_code == 0, result.output
    days = sessions(result.output)
    # TM 360: 65/75/85% -> 235, 270, 305; BBB 5x10 at 50% -> 180.
    assert days["cycle 1 week 1 day 4"][:4] == [
        "squat 1 x 5 @ 235 lb", "squat 1 x 5 @ 270 lb", "squat 1 x 5+ @ 305 lb", "squat 5 x 10 @ 180 lb",
    ]
    assert "-> squat 360 lb -> 370 lb (tm-increase, AFTER_CYCLE)" in days["cycle 1 week 4 day 4"]
    assert days["cycle 2 week 1 day 4"][2] == "squat 1 x 5+ @ 315 lb"  # 85% of 370 = 314.5 -> 315


def test_a_simulated_failure_holds_the_weight():
    result = CliRunner().invoke(cli, ["simulate", "starting-strength", *SS_MAXES, "--fail", "squat@1/2"])
    assert result.exit_code == 0, result.output
    days = sessions(result.output)
    assert days["cycle 1 week 1 day 2"][0] == "squat 3 x 5 @ 140 lb"
    assert not any(line.startswith("-> squat") for line in days["cycle 1 week 1 day 2"])
    assert days["cycle 1 week 1 day 3"][0] == "squat 3 x 5 @ 140 lb"


def test_simulate_refuses_unknown_programs_and_malformed_maxes():
    runner = CliRunner()
    unknown = runner.invoke(cli, ["simulate", "no-such-program", "--max", "squat=100kg"])
    assert unknown.exit_code == 1 and "unknown_program" in unknown.output
    malformed = runner.invoke(cli, ["simulate", "gzclp", "--max", "squat=1stone"])
    assert malformed.exit_code == 2 and "NAME=NUMBERkg" in malformed.output
    missing = runner.invoke(cli, ["simulate", "wendler-531-bbb", "--max", "squat=400lb"])
    assert missing.exit_code == 1 and "missing_maxes" in missing.output


def test_validate_checks_machines_and_every_program():
    result = CliRunner().invoke(cli, ["validate"])
    assert result.exit_code == 0, result.output
    assert "4 machines" in result.output and "22 programs" in result.output


def test_validate_reports_every_program_mistake_with_its_line(tmp_path):
    (tmp_path / "programs").mkdir()
    shutil.copy(PROJECT_ROOT / "specs" / "lifts.yaml", tmp_path / "lifts.yaml")
    text = (PROJECT_ROOT / "specs" / "programs" / "texas-method.yaml").read_text()
    broken = text.replace("schema_version: 1", "schema_version: 1\nbogus_field: true", 1)
    broken = broken.replace("lift: squat", "lift: squatt", 1)
    (tmp_path / "programs" / "texas-method.yaml").write_text(broken)
    result = CliRunner().invoke(cli, ["validate", str(tmp_path / "programs")])
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if "texas-method.yaml:" in line]
    bogus_line = broken.splitlines().index("bogus_field: true") + 1
    assert any(f"texas-method.yaml:{bogus_line}:" in line and "bogus_field" in line for line in lines)
    assert any("unknown lift 'squatt'" in line for line in lines)


def test_validate_reports_the_warm_up_schemes_mistakes_with_the_programs(tmp_path):
    (tmp_path / "programs").mkdir()
    shutil.copy(PROJECT_ROOT / "specs" / "lifts.yaml", tmp_path / "lifts.yaml")
    shutil.copy(PROJECT_ROOT / "specs" / "programs" / "texas-method.yaml", tmp_path / "programs")
    text = (PROJECT_ROOT / "specs" / "warmups.yaml").read_text()
    (tmp_path / "warmups.yaml").write_text(text.replace("      bench-press:", "      bench-pres:", 1))
    result = CliRunner().invoke(cli, ["validate", str(tmp_path / "programs")])
    assert result.exit_code == 1
    line = text.splitlines().index("      bench-press:") + 1
    field = "warmups.starting-strength.lifts.bench-pres"
    assert f"warmups.yaml:{line}: {field}: unknown lift 'bench-pres'" in result.output
