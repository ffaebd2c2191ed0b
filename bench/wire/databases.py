"""Populated databases for a wire run, one per engine and size, never a real one.

SQLite: the populated file is cached in ``cache`` under a key made of the size, the migrations
and the population code (so a new migration rebuilds it), and each run serves a copy of it.
PostgreSQL: a fresh database ``powerpro_bench_<pid>_<users>`` on the given server, migrated,
populated with COPY, and dropped at the end.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, make_url, text

from bench import population
from engine.bootstrap import bootstrap
from engine.config import PROJECT_ROOT
from engine.db.connection import make_engine, normalize_url
from engine.db.migrations import Migrator

DEFAULT_CACHE = Path(tempfile.gettempdir()) / "powerpro-bench-cache"
DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


@contextmanager
def database(engine: str, users: int, sets: int, *, postgres: str = DEFAULT_POSTGRES,
             cache: Path = DEFAULT_CACHE) -> Iterator[str]:
    """The URL of a migrated database holding ``users`` enrolled users and ``sets`` logged sets."""
    if engine == "sqlite":
        with _sqlite_copy(_cached_sqlite(users, sets, cache)) as url:
            yield url
    else:
        with _postgres(postgres, f"powerpro_bench_{os.getpid()}_{users}") as url:
            _populate(url, users, sets)
            yield url


def _cached_sqlite(users: int, sets: int, cache: Path) -> Path:
    path = cache / f"sqlite-{users}u-{sets}s-{_schema_key()}.db"
    if not path.exists():
        cache.mkdir(parents=True, exist_ok=True)
        building = path.with_suffix(f".building-{os.getpid()}")
        _populate(f"sqlite:///{building}", users, sets)
        building.rename(path)
        for leftover in building.parent.glob(f"{building.name}*"):  # the migration lock file
            leftover.unlink()
    return path


def _schema_key() -> str:
    """Changes with any migration or with the population code: a stale cache is never served."""
    digest = hashlib.sha256()
    for source in [*sorted((PROJECT_ROOT / "migrations").glob("*.sql")), Path(population.__file__)]:
        digest.update(source.name.encode() + source.read_bytes())
    return digest.hexdigest()[:12]


@contextmanager
def _sqlite_copy(cached: Path) -> Iterator[str]:
    with tempfile.TemporaryDirectory(prefix="powerpro-bench-wire-") as scratch:
        served = Path(scratch) / "bench.db"
        shutil.copyfile(cached, served)
        yield f"sqlite:///{served}"


@contextmanager
def _postgres(server: str, name: str) -> Iterator[str]:
    server = normalize_url(server)
    admin = create_engine(make_url(server).set(database="postgres"), isolation_level="AUTOCOMMIT")
    drop = text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    try:
        with admin.connect() as conn:
            conn.execute(drop)
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        yield make_url(server).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(drop)
        admin.dispose()


def _populate(url: str, users: int, sets: int) -> None:
    started = time.perf_counter()
    with Migrator(url) as migrator:
        migrator.apply()
    services = bootstrap(db=make_engine(url))  # mirrors the program versions the rows refer to
    try:
        population.populate(services, users, sets)
    finally:
        services.close()
    print(f"  populated {users:,} users and {sets:,} logged sets in {time.perf_counter() - started:.0f} s",
          flush=True)
