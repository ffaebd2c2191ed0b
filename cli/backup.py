"""``powerpro backup`` and ``powerpro restore``: the whole database to a file and back."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from engine.db.backup import backup as make_backup, restore as put_back

from .migrate import database_option

_PATH = click.Path(dir_okay=False, path_type=Path)


@click.command()
@click.argument("path", type=_PATH)
@database_option
def backup(path: Path, database_url: str) -> None:
    """Copy the database to PATH while it is served (SQLite: online backup; PostgreSQL: pg_dump)."""
    make_backup(database_url, path)
    click.echo(f"backed up to {path}")


@click.command()
@click.argument("path", type=_PATH)
@database_option
@click.option("--yes", is_flag=True, help="Do not ask: replace the database's content.")
def restore(path: Path, database_url: str, yes: bool) -> None:
    """Replace the database's content by the backup at PATH. Stop the server first."""
    if not yes:
        if not sys.stdin.isatty():
            raise click.ClickException("restore replaces every row of the database: add --yes to confirm")
        click.confirm(f"Replace every row of {database_url} with {path}?", abort=True)
    put_back(database_url, path)
    click.echo(f"restored {path}")
