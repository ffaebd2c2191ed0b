"""``powerpro``: the group every subcommand hangs from."""

from __future__ import annotations

import click

from .migrate import migrate


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def cli() -> None:
    """PowerPro statecharts: strength programs declared in YAML."""


cli.add_command(migrate)
