"""What makes a schema change trustworthy before it runs: checksums and rollback preconditions.

Checksums: the sha256 of every applied migration file is stored in ``CHECKSUM_TABLE`` (beside
yoyo's own tables, so it outlives ``rollback --all``). A file whose content no longer matches
was edited after it ran, and this database's schema is not what the file now says.

Preconditions: a rollback that can fail on data (re-creating a unique index, say) declares in
its ``.rollback.sql`` a query returning the rows that would make it fail, and why::

    -- precondition: SELECT user_id FROM user_program_states GROUP BY user_id HAVING COUNT(*) > 1
    -- because: some users have several enrollments (quit, then enrolled again) ...

yoyo reads leading comments of a rollback file as commentary and ignores them.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

from ..operator_errors import EditedMigration, RollbackRefused

CHECKSUM_TABLE = "_powerpro_migration_checksums"

_CREATE_TABLE = (
    f"CREATE TABLE IF NOT EXISTS {CHECKSUM_TABLE} ("
    " migration_id VARCHAR(255) NOT NULL PRIMARY KEY,"
    " sha256 VARCHAR(64) NOT NULL,"
    " recorded_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP)"
)
_DIRECTIVE = re.compile(r"^\s*--\s*(precondition|because)\s*:\s*(.+?)\s*$")


def checksum(migration) -> str:
    """sha256 of the file with line endings normalised: a CRLF checkout is not an edit."""
    text = Path(migration.path).read_bytes().replace(b"\r\n", b"\n")
    return hashlib.sha256(text).hexdigest()


def create_table(backend) -> None:
    with backend.transaction():
        backend.execute(_CREATE_TABLE)


def stored(backend) -> dict[str, str]:
    """Migration id -> recorded checksum; empty before any was recorded."""
    if CHECKSUM_TABLE not in backend.list_tables():
        return {}
    return dict(backend.execute(f"SELECT migration_id, sha256 FROM {CHECKSUM_TABLE}").fetchall())


def record(backend, migration) -> None:
    backend.execute(f"INSERT INTO {CHECKSUM_TABLE} (migration_id, sha256) VALUES (:id, :sha)",
                    {"id": migration.id, "sha": checksum(migration)})


def forget(backend, migration) -> None:
    backend.execute(f"DELETE FROM {CHECKSUM_TABLE} WHERE migration_id = :id", {"id": migration.id})


def refuse_unknown_applied(known, recorded: dict[str, str]) -> None:
    """Raise ``RollbackRefused`` when the database holds migrations these files do not have (a
    newer version applied them): rolling back the ones known would drop what they built on."""
    unknown = sorted(set(recorded) - {m.id for m in known})
    if unknown:
        more = f" (and {len(unknown) - 1} more)" if len(unknown) > 1 else ""
        raise RollbackRefused(
            f"cannot roll back: the database has {unknown[-1]}{more} applied, which this version does not know; "
            "roll back with the version that applied it first; nothing was rolled back")


def refuse_edited(applied, recorded: dict[str, str]) -> None:
    """Raise ``EditedMigration`` naming the first applied file whose checksum changed."""
    edited = [m for m in applied if m.id in recorded and recorded[m.id] != checksum(m)]
    if edited:
        first = sorted(edited, key=lambda m: m.id)[0]
        more = f" (and {len(edited) - 1} more)" if len(edited) > 1 else ""
        raise EditedMigration(
            f"{os.path.relpath(first.path)} was edited after it was applied to this database{more}:"
            " restore the applied version and put the change in a new migration"
        )


@dataclass(frozen=True)
class Precondition:
    query: str
    reason: str


def preconditions(migration) -> list[Precondition]:
    """The ``-- precondition:`` / ``-- because:`` pairs of the migration's rollback file."""
    path = Path(os.path.splitext(migration.path)[0] + ".rollback.sql")
    found: list[Precondition] = []
    if not path.exists():
        return found
    for line in path.read_text(encoding="utf-8").splitlines():
        match = _DIRECTIVE.match(line)
        if match and match[1] == "precondition":
            found.append(Precondition(match[2], f"its precondition found rows: {match[2]}"))
        elif match and found:
            found[-1] = Precondition(found[-1].query, match[2])
    return found


def refuse_failing_rollbacks(backend, migrations) -> None:
    """Run every precondition of every rollback to come, before the first one starts."""
    for migration in migrations:
        for condition in preconditions(migration):
            try:
                cursor = backend.execute(condition.query)
                offending = cursor.fetchall()
                columns = [d[0] for d in cursor.description]
            except backend.DatabaseError as exc:
                raise RollbackRefused(f"cannot roll back {migration.id}: its precondition failed to run"
                                      f" ({_first_line(exc)}); nothing was rolled back") from exc
            if offending:
                example = ", ".join(f"{c}={v}" for c, v in zip(columns, offending[0], strict=True))
                raise RollbackRefused(f"cannot roll back {migration.id}: {condition.reason}"
                                      f" ({len(offending)} row(s), e.g. {example}); nothing was rolled back")


def _first_line(exc: Exception) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]
