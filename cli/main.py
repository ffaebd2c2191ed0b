"""``powerpro``: the group every subcommand hangs from."""

from __future__ import annotations

import click

from .backup import backup, restore
from .config import config
from .diagrams import diagrams
from .docs import docs
from .migrate import migrate
from .serve import serve
from .simulate import simulate
from .users import users
from .validate import validate


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def cli() -> None:
    """PowerPro statecharts: strength programs declared in YAML."""


cli.add_command(migrate)
cli.add_command(validate)
cli.add_command(diagrams)
cli.add_command(serve)
cli.add_command(users)
cli.add_command(docs)
cli.add_command(simulate)
cli.add_command(config)
cli.add_command(backup)
cli.add_command(restore)
