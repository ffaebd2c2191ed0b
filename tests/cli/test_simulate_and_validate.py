"""The author's tools: `powerpro simulate` runs the service's own code path on a scratch
database (tests/engine/test_simulation.py has the lifter's numbers program by program);
`powerpro validate` reports every mistake of every spec with its line."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil

from click.testing import CliRunner

from cli.main import cli
from cli.simulate_output import SKIPPED_WARMUP
from engine.config import PROJECT_ROOT

BBB_MAXES = ["--max", "squat=400lb", "--max", "bench-press=250lb", "--max", "deadlift=500lb",
             "--max", "overhead-press=150lb"]
SS_MAXES = ["--max", "squat=135lb", "--max", "overhead-press=75lb", "--max", "bench-press=115lb",
            "--max", "deadlift=185lb"]


def simulated(*args: str) -> list[dict]:
    result = CliRunner().invoke(cli, ["simulate", *args, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def day(workouts: list[dict], cycle: int, week: int, number: int, warmups: bool = False) -> dict:
    """That workout; its rows of warm-ups (shown, never logged) left out unless ``warmups``."""
    found = next(w for w in workouts if (w["cycle"], w["week"], w["day"]) == (cycle, week, number))
    return found if warmups else {**found, "sets": [r for r in found["sets"] if r["logged"] != SKIPPED_WARMUP]}


def test_simulate_prints_the_worked_531_numbers_and_the_cycle_increase():
    workouts = simulated("wendler-531-bbb", *BBB_MAXES, "--cycles", "2")
    # TM 360: 65/75/85% -> 235, 270, 305; BBB 5x10 at 50% -> 180.
    squat = [(r["sets"], r["load"], r["amrap"]) for r in day(workouts, 1, 1, 4)["sets"] if r["lift"] == "squat"]
    assert squat == [("1 x 5", "235 lb", ""), ("1 x 5", "270 lb", ""), ("1 x 5+", "305 lb", "AMRAP"),
                     ("5 x 10", "180 lb", "")]
    texts = [c["text"] for c in day(workouts, 1, 4, 4)["changes"]]
    assert "squat: 360 lb -> 370 lb (tm-increase, after the cycle)" in texts
    assert day(workouts, 2, 1, 4)["sets"][2]["load"] == "315 lb"  # 85% of 370 = 314.5 -> 315
    # Warm-ups, shown before the main sets and never logged: 40/50/60% of the TM 360 (nearest 5) -> 145, 180, 215.
    warm = [(r["sets"], r["load"], r["logged"]) for r in day(workouts, 1, 1, 4, warmups=True)["sets"]][:3]
    assert warm == [("1 x 5", "145 lb", SKIPPED_WARMUP), ("1 x 5", "180 lb", SKIPPED_WARMUP),
                    ("1 x 3", "215 lb", SKIPPED_WARMUP)]


def test_a_simulated_failure_holds_the_weight():
    # No cycle: week 1 day 2 of every cycle. Starting Strength adds 5 lb a session to the squat.
    workouts = simulated("starting-strength", *SS_MAXES, "--fail", "squat@1/2")
    assert day(workouts, 1, 1, 2)["sets"][0] == {
        "lift": "squat", "sets": "3 x 5", "percent": "100%", "basis": "squat (work weight)", "load": "140 lb",
        "rpe": "", "amrap": "", "logged": "4"}
    assert [c["text"] for c in day(workouts, 1, 1, 2)["changes"] if c["slot"] == "squat"] == [
        "squat: failures 0 -> 1 (reset-after-three-failures, on failure)"]
    assert day(workouts, 1, 1, 3)["sets"][0]["load"] == "140 lb"


def test_the_table_has_a_column_per_field_and_prints_changes_by_rule():
    result = CliRunner().invoke(cli, ["simulate", "stronglifts-5x5", "--max", "squat=135", "--max", "bench-press=95",
                                      "--max", "barbell-row=95", "--max", "overhead-press=65", "--max", "deadlift=185",
                                      "--fail", "squat@*/*/*"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == ["cycle", "week", "day", "workout", "lift", "sets", "x", "reps", "%", "basis",
                                "load", "rpe", "AMRAP", "logged"]
    # Squat 135: four rows of warm-ups, shown and never logged (the bar x5 x2, 40% 54 -> 50 x5,
    # 60% 81 -> 80 x3, 80% 108 -> 105 x2, floored), then the 5x5.
    assert lines[2].split()[:9] == ["1", "1", "1", "Workout", "A", "squat", "2", "x", "5"]
    assert lines[2].endswith(SKIPPED_WARMUP)
    rows = [(*line.split()[:4], re.search(r"(\d+) lb", line)[1], line.endswith(SKIPPED_WARMUP)) for line in lines[3:7]]
    assert rows == [
        ("squat", "1", "x", "5", "50", True), ("squat", "1", "x", "3", "80", True),
        ("squat", "1", "x", "2", "105", True), ("squat", "5", "x", "5", "135", False)]
    changes = [line.strip() for line in lines if line.startswith("  -> squat")]
    # 3 failed sessions in a row: 90% of 135 = 121.5 -> 120 lb (nearest 5).
    rule = "(deload-after-three-failures, on failure)"
    assert changes[:3] == [f"-> squat: failures 0 -> 1 {rule}", f"-> squat: failures 1 -> 2 {rule}",
                           f"-> squat: deload 135 lb -> 120 lb; failures 2 -> 0 {rule}"]
    assert not re.search(r"\d\.0 (lb|kg)", result.output)


def test_csv_has_a_record_per_row_and_per_change():
    result = CliRunner().invoke(cli, ["simulate", "starting-strength", *SS_MAXES, "--format", "csv"])
    assert result.exit_code == 0, result.output
    records = [r for r in csv.DictReader(io.StringIO(result.output)) if r["logged"] != SKIPPED_WARMUP]
    assert records[0]["kind"] == "sets" and records[0]["load"] == "135 lb" and records[0]["sets"] == "3 x 5"
    assert any(r["kind"] == "change" and r["change"] == "squat: 135 lb -> 140 lb (add-weight, after the session)"
               for r in records)


def test_a_scenario_file_and_flags_that_win_over_it(tmp_path):
    plan = tmp_path / "plan.yaml"
    plan.write_text("maxes: {squat: 400, bench-press: 250, deadlift: 500, overhead-press: 150}\n"
                    "lifter: {amrap: \"+3\"}\n")
    workouts = simulated("wendler-531-bbb", "--scenario", str(plan), "--amrap", "squat=+1")
    logged = {r["lift"]: r["logged"] for r in day(workouts, 1, 1, 4)["sets"] + day(workouts, 1, 1, 3)["sets"]
              if r["amrap"]}
    assert logged == {"squat": "6", "bench-press": "8"}  # 5+ set: squat 5 + 1 (the flag), bench 5 + 3 (the file)


def test_every_argument_is_checked_before_anything_runs(tmp_path):
    runner = CliRunner()

    def refused(*args: str) -> str:
        result = runner.invoke(cli, ["simulate", *args])
        assert result.exit_code == 2, result.output
        return result.output

    assert "there is no program 'wendler-531-bb' (did you mean 'wendler-531-bbb'?)" in refused(
        "wendler-531-bb", *BBB_MAXES)
    assert "NAME=NUMBER[kg|lb]" in refused("gzclp", "--max", "squat=1stone")
    assert "wendler-531-bbb needs a max for overhead-press" in refused("wendler-531-bbb", "--max", "squat=400lb",
                                                                        "--max", "bench-press=250lb",
                                                                        "--max", "deadlift=500lb")
    assert "--fail sqaut@1/1/1: wendler-531-bbb has no lift 'sqaut' (did you mean 'squat'?)" in refused(
        "wendler-531-bbb", *BBB_MAXES, "--fail", "sqaut@1/1/1")
    assert "wendler-531-bbb has weeks 1-4, not week 5" in refused("wendler-531-bbb", *BBB_MAXES, "--fail", "squat@5/1")
    assert "cycle 3 is past the simulated 2 cycle(s)" in refused("wendler-531-bbb", *BBB_MAXES, "--cycles", "2",
                                                                  "--fail", "squat@3/1/4")
    assert "squat is not trained at */1/1" in refused("wendler-531-bbb", *BBB_MAXES, "--fail", "squat@1/1")
    assert "--max front-squat=100lb: wendler-531-bbb takes no max for 'front-squat'" in refused(
        "wendler-531-bbb", *BBB_MAXES, "--max", "front-squat=100lb")
    assert "--amrap squat=lots: write" in refused("wendler-531-bbb", *BBB_MAXES, "--amrap", "squat=lots")
    plan = tmp_path / "plan.yaml"
    plan.write_text("maxes: {squat: 400}\nperformances:\n  - {lift: squat, at: 1/9/1, amrap: 3}\n")
    assert f"{plan}:3: performances[0]: wendler-531-bbb has weeks 1-4, not week 9" in refused(
        "wendler-531-bbb", *BBB_MAXES, "--scenario", str(plan))


def test_validate_checks_machines_and_every_program():
    result = CliRunner().invoke(cli, ["validate"])
    assert result.exit_code == 0, result.output
    shipped = len(list((PROJECT_ROOT / "specs" / "programs").glob("*.yaml")))
    assert "4 machines" in result.output and f"{shipped} programs" in result.output


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
