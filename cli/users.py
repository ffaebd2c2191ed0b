"""``powerpro users``: account administration."""

from __future__ import annotations

import re

import click

from engine import accounts
from engine.bootstrap import bootstrap
from engine.db.connection import make_engine
from engine.db.migrations import Migrator
from engine.errors import DomainError

from .migrate import database_option


@click.group()
def users() -> None:
    """Manage user accounts (against DATABASE_URL)."""


@users.command("create-admin")
@click.option("--email", required=True, help="The admin's email, used to log in.")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True,
              envvar="POWERPRO_ADMIN_PASSWORD", help="Prompted for when not given (or POWERPRO_ADMIN_PASSWORD).")
@database_option
def create_admin(email: str, password: str, database_url: str) -> None:
    """Create an admin account, who may reach every user's resources."""
    if not re.match(accounts.EMAIL_PATTERN, email.strip()):
        raise click.BadParameter(f"{email!r} is not an email address", param_hint="--email")
    with Migrator(database_url) as migrator:  # refuse a bad URL or an old schema in one line
        migrator.require_up_to_date()
    services = bootstrap(db=make_engine(database_url))
    try:
        account = accounts.create_admin(services.uow(), email, password)
    except DomainError as exc:
        raise click.ClickException(exc.detail) from exc
    finally:
        services.close()
    click.echo(f"created admin {account.email} (id {account.id})")
