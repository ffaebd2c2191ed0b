"""`powerpro` imports a subcommand's module only when that command runs (`serve` starts without
the diagram renderer, the test client of `docs` or the simulator), with the cyclic collector off
until the command itself runs."""

from __future__ import annotations

import gc
import subprocess
import sys

import click
import pytest
from click.testing import CliRunner

from cli import launch
from cli.main import SUBCOMMANDS, PowerProGroup, cli
from engine.config import PROJECT_ROOT

# Modules only other commands need.
NOT_FOR_SERVING = ("graphviz", "pydot", "falcon.testing", "statemachine.contrib.diagram", "cli.diagrams",
                   "cli.docs", "cli.simulate", "engine.simulation", "cli.backup", "cli.users")


def test_every_subcommand_resolves_to_its_command():
    context = click.Context(cli)
    assert set(SUBCOMMANDS) <= set(cli.list_commands(context))
    for name in SUBCOMMANDS:
        command = cli.get_command(context, name)
        assert isinstance(command, click.Command) and command.name == name


def test_serve_imports_no_other_command():
    script = ("import sys, click; from cli.main import cli; cli.get_command(click.Context(cli), 'serve'); "
              "import api.app; print('\\n'.join(sys.modules))")
    loaded = subprocess.run([sys.executable, "-c", script], cwd=PROJECT_ROOT, capture_output=True, text=True,
                            check=True).stdout.split()
    assert "cli.serve" in loaded and "engine.bootstrap" in loaded
    assert [name for name in loaded if name.startswith(NOT_FOR_SERVING)] == []


def test_the_executable_imports_without_the_collector_and_runs_the_command_with_it(monkeypatch):
    seen, frozen = {}, []
    probe = click.Command("probe", callback=lambda: seen.setdefault("running", gc.isenabled()))
    monkeypatch.setitem(cli.commands, "probe", probe)
    resolve = PowerProGroup.get_command

    def resolving(self, ctx, name):
        seen.setdefault("resolving", gc.isenabled())
        return resolve(self, ctx, name)

    monkeypatch.setattr(PowerProGroup, "get_command", resolving)
    monkeypatch.setattr(gc, "freeze", lambda: frozen.append(gc.isenabled()))  # this test process stays as it is
    monkeypatch.setattr(sys, "argv", ["powerpro", "probe"])
    with pytest.raises(SystemExit) as exited:
        launch.main()
    assert exited.value.code == 0
    assert seen == {"resolving": False, "running": True} and frozen == [False]
    assert gc.isenabled()


def test_a_command_run_in_process_leaves_the_collector_alone(monkeypatch):
    frozen = []
    monkeypatch.setattr(gc, "freeze", lambda: frozen.append(True))
    assert CliRunner().invoke(cli, ["config"]).exit_code == 0
    assert frozen == [] and gc.isenabled()
