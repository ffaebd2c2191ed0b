"""Each machine's states against the database: the CHECK constraint of the column it binds.

A state the YAML adds must be allowed by the column (or every write of it fails with an
IntegrityError), and a state the YAML drops may still be stored in rows. Start-up compares
with the live database; ``powerpro validate`` with the schema the migrations build (see
``engine.db.constraints``), so it needs no server. Each error names the machine file and line
and the migration that is missing: the next number to write, or the pending ones to apply.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from sqlalchemy import Engine

from engine.db.constraints import MissingTable, allowed_values, migrated_schema, next_migration_number
from engine.spec_files import SpecError, load_document

from .spec import MachineSpec


def column_errors(specs: Iterable[MachineSpec], db: Engine, migrations_dir: Path, *, live: bool) -> list[SpecError]:
    """Where ``db`` (the live database, or the migrations' schema when not ``live``) and the
    machines disagree about the states of a column."""
    errors: list[SpecError] = []
    for spec in specs:
        try:
            allowed = allowed_values(db, spec.table, spec.column)
        except MissingTable:
            errors.append(_error(spec, ("powerpro", "binds", "table"), f"the database has no table {spec.table}: "
                                 "apply the migrations (powerpro migrate apply)"))
            continue
        if allowed is not None and allowed != set(spec.states):
            remedy = _remedy(spec, migrations_dir, live)
            errors += _disagreements(spec, allowed, remedy)
    return errors


def _disagreements(spec: MachineSpec, allowed: frozenset[str], remedy: str) -> list[SpecError]:
    column = f"{spec.table}.{spec.column}"
    listed = ", ".join(sorted(allowed))
    errors = [
        _error(spec, ("states", state),
               f"the CHECK constraint of {column} does not allow {state} (it allows {listed}); {remedy}")
        for state in spec.states
        if state not in allowed
    ]
    extra = sorted(allowed - set(spec.states))
    if extra:
        message = (f"the CHECK constraint of {column} also allows {', '.join(extra)}, which the machine does not "
                   f"declare (rows may hold them); {remedy}")
        errors.append(_error(spec, ("states",), message))
    return errors


def _remedy(spec: MachineSpec, migrations_dir: Path, live: bool) -> str:
    write = (f"no migration changes it: write migrations/{next_migration_number(migrations_dir)}_<name>.sql "
             "(and its .rollback.sql) that does")
    if not live:
        return write
    with migrated_schema(migrations_dir) as planned:
        if allowed_values(planned, spec.table, spec.column) == set(spec.states):
            return "the migrations change it but this database lacks one: apply them (powerpro migrate apply)"
    return write


def _error(spec: MachineSpec, path: tuple[str, ...], message: str) -> SpecError:
    return load_document(spec.path).error(path, message)
