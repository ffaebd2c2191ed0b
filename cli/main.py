"""``powerpro``: the group every subcommand hangs from.

Operator mistakes (a broken spec, a bad DATABASE_URL, an unmigrated or edited-migration
database, ...) end every command the same way, here: their line(s) on stderr, exit 1, no
traceback. ``--debug`` or ``POWERPRO_DEBUG=1`` lets the exception through with its traceback.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

import click
from sqlalchemy.exc import OperationalError

from engine.config import SettingError
from engine.logs import LogSettingError
from engine.operator_errors import OperatorError
from engine.spec_files import SpecErrors

from .collector import modules_imported

# Each subcommand's module is imported when that command runs (or its help is shown): `powerpro
# serve` starts without the diagram renderer, the test client of `docs` or the simulator.
SUBCOMMANDS = {
    "migrate": "cli.migrate:migrate",
    "validate": "cli.validate:validate",
    "diagrams": "cli.diagrams:diagrams",
    "serve": "cli.serve:serve",
    "users": "cli.users:users",
    "docs": "cli.docs:docs",
    "simulate": "cli.simulate:simulate",
    "test": "cli.program_tests:test",
    "preview": "cli.preview:preview",
    "config": "cli.config:config",
    "backup": "cli.backup:backup",
    "restore": "cli.backup:restore",
}

# Each known mistake and the lines it prints; anything else is a bug and keeps its traceback.
OPERATOR_MISTAKES: dict[type[Exception], Callable[[Exception], list[str]]] = {
    OperatorError: lambda exc: [f"Error: {exc}"],
    SettingError: lambda exc: [f"Error: {exc}"],  # an environment variable a setting cannot take
    LogSettingError: lambda exc: [f"Error: {exc}"],
    SpecErrors: lambda exc: [str(error) for error in exc.errors],  # as `powerpro validate` prints them
    OperationalError: lambda exc: [f"Error: database: {' '.join(str(exc.orig).split())}"],  # lost mid-command
    FileNotFoundError: lambda exc: [f"Error: {exc.strerror}: {exc.filename}"],  # e.g. POWERPRO_SPECS
}


class PowerProGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *SUBCOMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in SUBCOMMANDS and cmd_name not in self.commands:
            module, name = SUBCOMMANDS[cmd_name].split(":")
            self.add_command(getattr(importlib.import_module(module), name), cmd_name)
        return super().get_command(ctx, cmd_name)

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except tuple(OPERATOR_MISTAKES) as exc:
            if ctx.params.get("debug"):
                raise
            report = next(lines for kind, lines in OPERATOR_MISTAKES.items() if isinstance(exc, kind))
            for line in report(exc):
                click.echo(line, err=True)
            ctx.exit(1)


@click.group(cls=PowerProGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, envvar="POWERPRO_DEBUG",
              help="Show the traceback of an operator mistake (or POWERPRO_DEBUG=1).")
def cli(debug: bool) -> None:
    """PowerPro statecharts: strength programs declared in YAML."""
    modules_imported()
