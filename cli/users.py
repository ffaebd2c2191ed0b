"""``powerpro users``: account administration."""

from __future__ import annotations

import json
import re
from pathlib import Path

import click

from engine import accounts
from engine.bootstrap import bootstrap
from engine.db.connection import make_engine
from engine.db.migrations import Migrator
from engine.errors import DomainError
from engine.queries import export

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
    _require_migrated(database_url)
    services = bootstrap(db=make_engine(database_url))
    try:
        account = accounts.create_admin(services.uow(), email, password)
    except DomainError as exc:
        raise click.ClickException(exc.detail) from exc
    finally:
        services.close()
    click.echo(f"created admin {account.email} (id {account.id})")


@users.command("export")
@click.argument("email")
@click.option("--format", "fmt", type=click.Choice(["json", "csv"]), default="json", show_default=True,
              help="json: everything the user owns; csv: their sets in Strong's column layout.")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), help="Write here instead of stdout.")
@database_option
def export_(email: str, fmt: str, output: Path | None, database_url: str) -> None:
    """Export a user's data, as GET /users/me/export gives it to them."""
    _require_migrated(database_url)
    services = bootstrap(db=make_engine(database_url), sync=False)
    try:
        user_id = export.user_id_of(services.uow(), email)
        text = (json.dumps(export.user_document(services.uow(), user_id), indent=1) + "\n" if fmt == "json"
                else export.sets_csv(services, services.uow(), user_id))
    except DomainError as exc:
        raise click.ClickException(exc.detail) from exc
    finally:
        services.close()
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text)


@users.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True,
              envvar="POWERPRO_IMPORT_PASSWORD", help="The account's new password (an export holds none).")
@database_option
def import_(path: Path, password: str, database_url: str) -> None:
    """Re-create a user exported from another server, with all their history."""
    try:
        document = json.loads(path.read_text())
    except (ValueError, UnicodeDecodeError) as exc:
        raise click.ClickException(f"{path} is not JSON: {exc}") from None
    _require_migrated(database_url)
    services = bootstrap(db=make_engine(database_url))
    try:
        user_id = accounts.import_account(services.uow(), document, password)
    except DomainError as exc:  # the password policy: a client's refusal, told here as one line
        raise click.ClickException(exc.detail) from exc
    finally:
        services.close()
    click.echo(f"imported {document['account']['email']} (id {user_id})")


def _require_migrated(database_url: str) -> None:
    """A bad URL or an old schema is refused in one line (cli/main.py), before any SQL of ours."""
    with Migrator(database_url) as migrator:
        migrator.require_up_to_date()
