"""``powerpro users``: account administration."""

from __future__ import annotations

import json
import re
from pathlib import Path

import click
from sqlalchemy.orm import sessionmaker

from engine import account_changes, accounts
from engine.bootstrap import bootstrap
from engine.db.connection import make_engine
from engine.db.migrations import Migrator
from engine.db.models import utcnow
from engine.db.unit_of_work import UnitOfWork
from engine.errors import DomainError
from engine.queries import accounts as account_queries, export

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


@users.command("list")
@database_option
def list_(database_url: str) -> None:
    """Every account: email, id, role, unit, live sessions, created, disabled."""
    rows = _run(database_url, lambda uow: account_queries.list_users(uow, utcnow()))
    table = [("EMAIL", "ID", "ROLE", "UNIT", "SESSIONS", "CREATED", "DISABLED")]
    table += [(row.email, row.id, row.role, row.weight_unit, str(row.tokens), _day(row.created_at),
               _day(row.disabled_at) if row.disabled else "no") for row in rows]
    widths = [max(len(line[column]) for line in table) for column in range(len(table[0]))]
    for line in table:
        click.echo("  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip())


@users.command("disable")
@click.argument("email")
@database_option
def disable(email: str, database_url: str) -> None:
    """Stop an account from signing in; its tokens are revoked at once."""
    _set_disabled(email, database_url, True)


@users.command("enable")
@click.argument("email")
@database_option
def enable(email: str, database_url: str) -> None:
    """Let a disabled account sign in again."""
    _set_disabled(email, database_url, False)


def _set_disabled(email: str, database_url: str, disabled: bool) -> None:
    changed = _run(database_url, lambda uow: account_changes.set_disabled(uow, email, disabled))
    done, already = ("disabled", "was already disabled") if disabled else ("enabled", "was not disabled")
    shown = accounts.normalize_email(email)
    click.echo(f"{done} {shown}" if changed else f"{shown} {already}")


@users.command("reset-password")
@click.argument("email")
@click.option("--password", help="The new password; without it one is generated and printed.")
@database_option
def reset_password(email: str, password: str | None, database_url: str) -> None:
    """Give an account a new password and revoke its tokens (every session signs in again)."""
    given = _run(database_url, lambda uow: account_changes.reset_password(uow, email, password))
    if password:
        click.echo(f"reset the password of {accounts.normalize_email(email)}; its sessions are signed out")
    else:
        click.echo(f"new password of {accounts.normalize_email(email)}: {given}")


def _run(database_url: str, work):
    """``work(uow)`` against the database, without loading the specs (accounts need none); a
    client-style refusal (a weak password) is one line."""
    _require_migrated(database_url)
    db = make_engine(database_url)
    try:
        return work(UnitOfWork(sessionmaker(db, expire_on_commit=False)))
    except DomainError as exc:
        raise click.ClickException(exc.detail) from exc
    finally:
        db.dispose()


def _day(moment) -> str:
    return moment.strftime("%Y-%m-%d %H:%M")


def _require_migrated(database_url: str) -> None:
    """A bad URL or an old schema is refused in one line (cli/main.py), before any SQL of ours."""
    with Migrator(database_url) as migrator:
        migrator.require_up_to_date()
