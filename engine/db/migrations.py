"""Schema history: the numbered SQL files in ``migrations/``, applied by yoyo-migrations.

yoyo reads the files, keeps its record of what is applied and runs each step; this module adds
what an operator needs to trust it (docs/decisions/0008-trustworthy-migrations.md):

- every schema change holds one lock (``migration_lock``) from reading what is applied to its
  last commit, so two ``migrate apply`` at once apply everything exactly once;
- each migration, its record in yoyo's tables and its checksum commit in one transaction;
- an applied file that was edited since is refused by every command (``migration_checks``);
- a rollback runs the preconditions of all its steps before the first step starts, and refuses a
  database that holds migrations a newer version applied (their tables built on the older ones).
"""

from __future__ import annotations

import contextlib
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from yoyo import exceptions as yoyo_exceptions, get_backend, read_migrations
from yoyo.connections import BadConnectionURI

from ..config import settings
from ..operator_errors import (
    BadDatabaseUrl,
    DatabaseUnreachable,
    MigrationFailed,
    UnknownMigration,
    UnmigratedDatabase,
)
from . import migration_checks as checks
from .connection import normalize_url
from .migration_lock import migration_lock

LOCK_TIMEOUT_SECONDS = 600.0  # a second `migrate apply` waits this long for the first to finish
SUPPORTED_SCHEMES = ("sqlite", "postgresql+psycopg")  # after normalize_url; each has a lock


@dataclass(frozen=True)
class MigrationStatus:
    id: str
    applied: bool


class Migrator:
    def __init__(self, database_url: str, migrations_dir: Path | None = None, *,
                 lock_timeout: float = LOCK_TIMEOUT_SECONDS) -> None:
        self.migrations = read_migrations(str(migrations_dir or settings().migrations_dir))
        self.backend = connect(database_url)
        self.lock_timeout = lock_timeout
        self._locked_depth = 0

    def __enter__(self) -> Migrator:
        return self

    def __exit__(self, *_exc) -> None:
        self.close()

    def status(self) -> list[MigrationStatus]:
        applied = {m.id for m in self._verified_applied()}
        return [MigrationStatus(m.id, m.id in applied) for m in self.migrations]

    def require_up_to_date(self) -> None:
        """Raise ``UnmigratedDatabase`` (or ``EditedMigration``) unless every migration is applied."""
        pending = [status.id for status in self.status() if not status.applied]
        if pending:
            raise UnmigratedDatabase(
                f"{len(pending)} migration(s) pending ({pending[0]}...): run `powerpro migrate apply`")

    def apply(self, target: str | None = None) -> list[str]:
        """Apply pending migrations, up to and including ``target`` when given."""
        self._check_known(target)
        with self._locked():
            self._verified_applied()
            pending = [m for m in self.backend.to_apply(self.migrations) if target is None or m.id <= target]
            for migration in pending:
                self._run(migration, "apply")
        return [m.id for m in pending]

    def rollback(self, target: str | None = None, *, steps: int | None = None) -> list[str]:
        """Roll back to ``target`` (kept applied), the last ``steps``, or everything; nothing at all
        when any of their preconditions fails (``RollbackRefused``)."""
        self._check_known(target)
        with self._locked():
            chosen = self._verified_applied()
            checks.refuse_unknown_applied(self.migrations, checks.stored(self.backend))
            if target is not None:
                chosen = [m for m in chosen if m.id > target]
            elif steps is not None:
                chosen = chosen[:steps]
            checks.refuse_failing_rollbacks(self.backend, chosen)
            for migration in chosen:
                self._run(migration, "rollback")
        return [m.id for m in chosen]

    def close(self) -> None:
        self.backend.connection.close()

    def _verified_applied(self) -> list:
        """Applied migrations, newest first, after refusing edited ones. Checksums missing (a
        database migrated before they existed) are recorded from the files as they are now."""
        applied = list(self.backend.to_rollback(self.migrations))
        recorded = checks.stored(self.backend)
        checks.refuse_edited(applied, recorded)
        if any(m.id not in recorded for m in applied):
            with self._locked():
                recorded = checks.stored(self.backend)
                with self.backend.transaction():
                    for migration in applied:
                        if migration.id not in recorded:
                            checks.record(self.backend, migration)
        return applied

    def _run(self, migration, direction: str) -> None:
        """One migration, yoyo's record of it and its checksum, in one transaction on both engines."""
        migration.load()
        if not migration.use_transactions:  # `-- transactional: false`: yoyo runs it outside any
            return self._run_without_transaction(migration, direction)
        try:
            with self.backend.transaction(), _quiet():
                migration.process_steps(self.backend, direction)  # nested: yoyo makes it a savepoint
                self._record(migration, direction)
        except self.backend.DatabaseError as exc:
            raise MigrationFailed(f"{direction} of {migration.id} failed, so none of it was done"
                                  f" (the migrations before it were): {_one_line(exc)}") from exc

    def _run_without_transaction(self, migration, direction: str) -> None:
        with _quiet():
            getattr(self.backend, f"{direction}_one")(migration)
        with self.backend.transaction():
            (checks.record if direction == "apply" else checks.forget)(self.backend, migration)

    def _record(self, migration, direction: str) -> None:
        self.backend.log_migration(migration, direction)
        if direction == "apply":
            self.backend.mark_one(migration, log=False)
            checks.record(self.backend, migration)
        else:
            self.backend.unmark_one(migration, log=False)
            checks.forget(self.backend, migration)

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        """The migration lock, re-entrant within this Migrator; the checksum table exists inside."""
        if self._locked_depth:
            yield
            return
        with migration_lock(self.backend, self.lock_timeout):
            self._locked_depth += 1
            try:
                checks.create_table(self.backend)
                yield
            finally:
                self._locked_depth -= 1

    def _check_known(self, target: str | None) -> None:
        if target is not None and target not in {m.id for m in self.migrations}:
            raise UnknownMigration(f"unknown migration {target!r}")


def require_supported(database_url: str) -> str:
    """The URL's scheme, or ``BadDatabaseUrl`` when it names no database this service runs on."""
    url = normalize_url(database_url)
    scheme = url.partition("://")[0]
    if "://" not in url or scheme not in SUPPORTED_SCHEMES:
        raise BadDatabaseUrl(f"DATABASE_URL {redacted(database_url)!r} is not supported:"
                             " use sqlite:///PATH or postgresql://USER@HOST:PORT/NAME")
    return scheme


def connect(database_url: str):
    """yoyo's backend for ``database_url``, or an ``OperatorError`` saying why there is none."""
    url = normalize_url(database_url)
    scheme = require_supported(database_url)
    try:
        return get_backend(url)
    except BadConnectionURI as exc:
        raise BadDatabaseUrl(f"DATABASE_URL {redacted(database_url)!r}: {exc}") from exc
    except tuple(yoyo_exceptions.DatabaseErrors) as exc:  # the driver's, registered as it loads
        hint = " (does its directory exist?)" if scheme == "sqlite" else ""
        raise DatabaseUnreachable(f"cannot open the database {redacted(database_url)}{hint}: {_one_line(exc)}") from exc


def redacted(url: str) -> str:
    """The URL without its password, fit for an error message."""
    return re.sub(r"(://[^:/@]*):[^@/]*@", r"\1:***@", url)


def _one_line(exc: Exception) -> str:
    return " ".join(str(exc).split())


def _quiet():
    # yoyo prints any rows a statement returns; SQLite returns some for ALTER TABLE ... CHECK.
    return contextlib.redirect_stdout(io.StringIO())

