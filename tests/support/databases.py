"""Fresh test databases on SQLite and PostgreSQL."""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import create_engine, make_url, text

from engine.db.connection import normalize_url

DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def postgres_base_url() -> str | None:
    """The PostgreSQL server the tests may use: a test setting, or DATABASE_URL if it is one."""
    url = os.environ.get("POWERPRO_TEST_POSTGRES_URL")
    if not url and os.environ.get("DATABASE_URL", "").startswith("postgres"):
        url = os.environ["DATABASE_URL"]
    return normalize_url(url) if url else None


_created: list[tuple[str, str]] = []


def fresh_postgres_database(base_url: str, name: str) -> str:
    """Drop and create database ``name`` on the server of ``base_url``; return its URL."""
    _admin(base_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'CREATE DATABASE "{name}"')
    _created.append((base_url, name))
    return make_url(base_url).set(database=name).render_as_string(hide_password=False)


def drop_created_databases() -> None:
    while _created:
        base_url, name = _created.pop()
        _admin(base_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _admin(base_url: str, *statements: str) -> None:
    admin = create_engine(make_url(base_url).set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            for statement in statements:
                conn.execute(text(statement))
    finally:
        admin.dispose()


def fresh_sqlite_database(directory: Path, name: str) -> str:
    path = directory / f"{name}.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return f"sqlite:///{path}"


def worker_suffix() -> str:
    """This worker of this run: two runs on one server (two terminals) never share a database."""
    run = os.environ.get("PYTEST_XDIST_TESTRUNUID", f"{os.getpid()}")[:8]
    return f"{os.environ.get('PYTEST_XDIST_WORKER', 'main')}_{run}"
