"""``powerpro migrate``: apply, roll back and list the numbered SQL migrations."""

from __future__ import annotations

import sys

import click

from engine.config import settings
from engine.db.migrations import Migrator, redacted

database_option = click.option(
    "--database-url",
    envvar="DATABASE_URL",
    default=lambda: settings().database_url,
    show_default="DATABASE_URL or sqlite:///powerpro.db",
    help="Database to migrate.",
)


@click.group()
def migrate() -> None:
    """Apply, roll back or list migrations (against DATABASE_URL)."""


@migrate.command("apply")
@database_option
@click.option("--to", "target", help="Apply up to and including this migration id.")
def apply_(database_url: str, target: str | None) -> None:
    """Apply pending migrations."""
    applied = _run(database_url, lambda m: m.apply(target))
    click.echo(f"applied {len(applied)} migration(s)" + "".join(f"\n  + {i}" for i in applied))


@migrate.command()
@database_option
@click.option("--to", "target", help="Roll back to this migration id (it stays applied).")
@click.option("--steps", type=click.IntRange(min=1), help="Roll back this many migrations.")
@click.option("--all", "everything", is_flag=True, help="Roll back every migration (asks first).")
@click.option("--yes", is_flag=True, help="Do not ask before --all drops every table.")
def rollback(database_url: str, target: str | None, steps: int | None, everything: bool, yes: bool) -> None:
    """Roll back applied migrations (one by default).

    Every step's precondition is checked first: when one fails, nothing is rolled back.
    """
    if sum(x is not None and x is not False for x in (target, steps, everything or None)) > 1:
        raise click.UsageError("give at most one of --to, --steps, --all")
    if not (target or steps or everything):
        steps = 1
    if everything and not yes:
        _confirm_everything(database_url)
    rolled = _run(database_url, lambda m: m.rollback(target, steps=steps))
    click.echo(f"rolled back {len(rolled)} migration(s)" + "".join(f"\n  - {i}" for i in rolled))


@migrate.command("list")
@database_option
def list_(database_url: str) -> None:
    """List migrations and whether each is applied."""
    for status in _run(database_url, lambda m: m.status()):
        click.echo(f"{'[x]' if status.applied else '[ ]'} {status.id}")


def _confirm_everything(database_url: str) -> None:
    if not _interactive():
        raise click.ClickException("rollback --all drops every table and all their data: add --yes to confirm")
    click.confirm(f"Roll back every migration of {redacted(database_url)}, dropping every table and all their data?",
                  abort=True)


def _interactive() -> bool:
    return sys.stdin.isatty()


def _run(database_url, action):
    with Migrator(database_url) as migrator:
        try:
            return action(migrator)
        except ValueError as exc:  # an unknown --to: a usage mistake (exit 2)
            raise click.BadParameter(str(exc)) from exc
