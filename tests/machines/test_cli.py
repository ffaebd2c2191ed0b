"""``powerpro validate`` and ``powerpro diagrams --check`` through click's runner."""

from __future__ import annotations

import shutil

from click.testing import CliRunner

from cli.main import cli
from engine.config import PROJECT_ROOT

from .support import DIAGRAMS_DIR, MACHINES_DIR, line_of


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def test_validate_passes_on_the_committed_specs():
    result = run("validate")
    assert result.exit_code == 0, result.output
    assert "ok: 4 machines" in result.output


def test_validate_accepts_a_spec_directory_or_a_file_in_it():
    for path in (MACHINES_DIR, MACHINES_DIR / "week.yaml", PROJECT_ROOT / "specs"):
        result = run("validate", str(path))
        assert result.exit_code == 0, result.output


def test_validate_prints_every_error_as_file_line_field_message(machines_dir, edit):
    cycle = edit("cycle", "cond: last_week_of_cycle}", "cond: last_wek_of_cycle}")
    session = edit("session", "PT4H", "4 hours")
    result = run("validate", str(machines_dir))
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"{cycle}:{line_of(cycle, 'last_wek')}: powerpro.reactions[1].cond: unknown guard 'last_wek_of_cycle'; "
        "the guards are workout_at_position, last_day_of_week, last_week_of_cycle, program_repeats",
        f"{session}:{line_of(session, 'stale_after:')}: powerpro.stale_after: "
        "'4 hours' is not an ISO 8601 duration such as PT4H (days, hours, minutes, seconds)",
    ]


def test_validate_refuses_a_directory_without_specs(tmp_path):
    result = run("validate", str(tmp_path))
    assert result.exit_code == 2
    assert "holds no machines or programs specs" in result.output


def test_diagrams_check_passes_on_the_committed_diagrams():
    result = run("diagrams", "--check")
    assert result.exit_code == 0, result.output
    assert "ok: 4 machine diagrams are current" in result.output


def test_diagrams_check_lists_stale_diagrams_and_writes_nothing(tmp_path):
    out = tmp_path / "diagrams"
    shutil.copytree(DIAGRAMS_DIR, out)
    (out / "week.svg").unlink()
    before = sorted(p.name for p in out.iterdir())
    result = run("diagrams", "--check", "--out", str(out))
    assert result.exit_code == 1
    assert f"stale or missing: {out / 'week.svg'}" in result.output
    assert sorted(p.name for p in out.iterdir()) == before


def test_diagrams_writes_then_checks_clean(tmp_path):
    out = tmp_path / "diagrams"
    assert run("diagrams", "--out", str(out)).exit_code == 0
    assert len(list(out.glob("*.svg"))) == 4
    assert run("diagrams", "--check", "--out", str(out)).exit_code == 0


def test_diagrams_reports_an_invalid_spec(machines_dir, edit):
    edit("week", "column: week_status", "column: week_state")
    result = run("diagrams", "--check", "--machines", str(machines_dir))
    assert result.exit_code == 1
    assert "powerpro.binds.column: user_program_states has no column 'week_state'" in result.output
