"""Schema history: the numbered SQL files in ``migrations/``, applied by yoyo-migrations."""

from __future__ import annotations

import contextlib
import io
from dataclasses import dataclass
from pathlib import Path

from yoyo import get_backend, read_migrations

from ..config import settings
from .connection import normalize_url


@dataclass(frozen=True)
class MigrationStatus:
    id: str
    applied: bool


class Migrator:
    def __init__(self, database_url: str, migrations_dir: Path | None = None) -> None:
        self.backend = get_backend(normalize_url(database_url))
        self.migrations = read_migrations(str(migrations_dir or settings().migrations_dir))

    def status(self) -> list[MigrationStatus]:
        applied = {m.id for m in self.backend.to_rollback(self.migrations)}
        return [MigrationStatus(m.id, m.id in applied) for m in self.migrations]

    def apply(self, target: str | None = None) -> list[str]:
        """Apply pending migrations, up to and including ``target`` when given."""
        pending = self.backend.to_apply(self.migrations)
        if target is not None:
            self._check_known(target)
            pending = pending.filter(lambda m: m.id <= target)
        with self.backend.lock(), _quiet():
            self.backend.apply_migrations(pending)
        return [m.id for m in pending]

    def rollback(self, target: str | None = None, *, steps: int | None = None) -> list[str]:
        """Roll back to ``target`` (kept applied), the last ``steps``, or everything."""
        applied = self.backend.to_rollback(self.migrations)
        if target is not None:
            self._check_known(target)
            applied = applied.filter(lambda m: m.id > target)
        elif steps is not None:
            applied = applied[:steps]
        with self.backend.lock(), _quiet():
            self.backend.rollback_migrations(applied)
        return [m.id for m in applied]

    def _check_known(self, target: str) -> None:
        if target not in {m.id for m in self.migrations}:
            raise ValueError(f"unknown migration {target!r}")

    def close(self) -> None:
        self.backend.connection.close()


def _quiet():
    # yoyo prints any rows a statement returns; SQLite returns some for ALTER TABLE ... CHECK.
    return contextlib.redirect_stdout(io.StringIO())
