"""``powerpro validate``: check spec files and print every mistake as ``file:line: field: message``."""

from __future__ import annotations

from collections.abc import Callable, Sized
from functools import partial
from pathlib import Path

import click
from sqlalchemy import make_url
from sqlalchemy.exc import SQLAlchemyError

from engine.config import settings
from engine.db.connection import make_engine
from engine.db.constraints import migrated_schema
from engine.examples import load_examples
from engine.machines import load_machines
from engine.machines.columns import column_errors
from engine.programs import load_lifts, load_programs
from engine.programs.warmups import load_warmups
from engine.spec_files import SpecError, SpecErrors, load_document


def load_machines_against_the_schema(directory: Path, database_url: str | None = None) -> Sized:
    """The machines, their states checked against the CHECK constraints of the columns they bind:
    in the schema ``migrations/`` builds, or (``database_url``) in that live database."""
    specs = load_machines(directory)
    migrations = settings().migrations_dir
    if database_url is None:
        with migrated_schema(migrations) as db:
            errors = column_errors(specs.values(), db, migrations, live=False)
    else:
        db = make_engine(database_url)
        try:
            errors = column_errors(specs.values(), db, migrations, live=True)
        except SQLAlchemyError as exc:
            where = make_url(database_url).render_as_string(hide_password=True)
            reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
            errors = [SpecError(where, None, "", f"cannot read the database: {reason}")]
        finally:
            db.dispose()
    if errors:
        raise SpecErrors(errors)
    return specs


def load_programs_with_their_lifts(directory: Path) -> Sized:
    """Programs are checked against the lift catalog beside their directory (specs/lifts.yaml),
    and their worked examples against them; the warm-up schemes beside it (specs/warmups.yaml),
    when there, are checked with them."""
    lifts = load_lifts(directory.parent / "lifts.yaml")
    errors: list[SpecError] = []
    if (directory.parent / "warmups.yaml").exists():
        try:
            load_warmups(directory.parent / "warmups.yaml", lifts)
        except SpecErrors as exc:
            errors += exc.errors
    try:
        programs = load_programs(directory, lifts)
    except SpecErrors as exc:
        raise SpecErrors(errors + exc.errors) from exc
    for program in programs.values():
        try:
            load_examples(load_document(program.path, program.text), program)
        except SpecErrors as exc:
            errors += exc.errors
    if errors:
        raise SpecErrors(errors)
    return programs


# One validator per kind of spec, keyed by the name of its directory under specs/. A validator
# loads every file of its directory and raises SpecErrors listing all their mistakes.
VALIDATORS: dict[str, Callable[[Path], Sized]] = {
    "machines": load_machines_against_the_schema,
    "programs": load_programs_with_their_lifts,
}


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--database", is_flag=True,
              help="Check the machines' states against the DATABASE_URL database instead of the migrations.")
def validate(paths: tuple[Path, ...], database: bool) -> None:
    """Validate specs: PATH is the specs directory, a kind's directory or one of its files.

    A file is validated with its directory, because machines are checked against each other.
    With no PATH, every spec is validated. Each machine's states must be what the CHECK
    constraint of its column allows: in the schema migrations/ builds, or with --database in
    the live database.
    """
    errors: list[SpecError] = []
    summary = []
    validators = dict(VALIDATORS)
    if database:
        validators["machines"] = partial(load_machines_against_the_schema, database_url=settings().database_url)
    for kind, directory in _targets(paths or (settings().specs_dir,)).items():
        try:
            loaded = validators[kind](directory)
        except SpecErrors as exc:
            errors += exc.errors
        else:
            summary.append(f"{len(loaded)} {kind}")
    for error in errors:
        click.echo(str(error), err=True)
    if errors:
        raise SystemExit(1)
    click.echo(f"ok: {', '.join(summary)}")


def _targets(paths: tuple[Path, ...]) -> dict[str, Path]:
    """Each spec kind to validate and its directory."""
    targets: dict[str, Path] = {}
    for path in paths:
        directory = path.parent if path.is_file() else path
        if directory.name in VALIDATORS:
            targets[directory.name] = directory
            continue
        kinds = {child.name: child for child in sorted(directory.iterdir()) if child.name in VALIDATORS}
        if not kinds:
            raise click.BadParameter(f"{path} holds no {' or '.join(VALIDATORS)} specs", param_hint="PATH")
        targets.update(kinds)
    return targets
