"""`powerpro` imports a subcommand's module only when that command runs: `serve` starts without
the diagram renderer, the test client of `docs` or the simulator."""

from __future__ import annotations

import subprocess
import sys

import click

from cli.main import SUBCOMMANDS, cli
from engine.config import PROJECT_ROOT

# Modules only other commands need.
NOT_FOR_SERVING = ("graphviz", "pydot", "falcon.testing", "statemachine.contrib.diagram", "cli.diagrams",
                   "cli.docs", "cli.simulate", "engine.simulation", "cli.backup", "cli.users")


def test_every_subcommand_resolves_to_its_command():
    context = click.Context(cli)
    assert cli.list_commands(context) == sorted(SUBCOMMANDS)
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
