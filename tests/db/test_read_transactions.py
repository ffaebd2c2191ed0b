"""Reads are never queued behind a writer: a read transaction (``ReadUnit``) begins deferred on
SQLite (WAL), so it reads the last committed state while another connection holds the write
lock; writers still begin IMMEDIATE and queue on that lock (docs/decisions/0009)."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import event, func, select, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import sessionmaker

from engine.db.connection import make_engine
from engine.db.migrations import Migrator
from engine.db.models import Lift
from engine.db.unit_of_work import ReadUnit, UnitOfWork
from tests.conftest import new_database

SLUG = "read-while-writing"


@pytest.fixture
def engine(migrated_url):
    engine = make_engine(migrated_url)
    yield engine
    engine.dispose()


@pytest.fixture
def writer(engine):
    """A connection in the middle of a write transaction (it holds SQLite's write lock)."""
    with engine.connect() as conn:
        conn.begin()
        conn.execute(text("INSERT INTO lifts (slug, name) VALUES (:slug, 'uncommitted')"), {"slug": SLUG})
        yield conn
        conn.rollback()


def lifts_named(session) -> int:
    return session.scalar(select(func.count()).select_from(Lift).where(Lift.slug == SLUG))


def test_a_read_proceeds_while_another_connection_holds_the_write_lock(engine, writer):
    reads = ReadUnit(sessionmaker(engine))
    started = time.perf_counter()
    try:
        with reads:
            assert lifts_named(reads.session) == 0  # the last committed state, not the writer's
        with reads:  # the same transaction again, still not waiting
            assert lifts_named(reads.session) == 0
    finally:
        reads.close()
    assert time.perf_counter() - started < 1.0  # the busy timeout is 5 s: it did not wait


@pytest.fixture
def sqlite_url(tmp_path_factory):
    url = new_database("sqlite", "read_transactions", tmp_path_factory)
    Migrator(url).apply()
    return url


def test_on_sqlite_a_second_writer_waits_for_the_lock_a_reader_does_not(sqlite_url):
    # PostgreSQL locks rows, not the database: writers of other rows proceed there.
    engine = make_engine(sqlite_url)
    impatient = make_engine(sqlite_url, connect_args={"check_same_thread": False, "timeout": 0.2})
    try:
        with engine.connect() as writer:
            writer.begin()  # BEGIN IMMEDIATE: the write lock
            reads = ReadUnit(sessionmaker(impatient))
            with reads:
                assert lifts_named(reads.session) == 0
            reads.close()
            with pytest.raises(OperationalError, match="locked"), UnitOfWork(sessionmaker(impatient)) as uow:
                lifts_named(uow.session)  # BEGIN IMMEDIATE: queued behind the writer, then gives up
            writer.rollback()
    finally:
        impatient.dispose()
        engine.dispose()


def test_a_read_unit_is_one_transaction_until_closed(engine):
    begins: list[str] = []

    def record(conn) -> None:
        begins.append("begin")

    event.listen(engine, "begin", record)
    reads = ReadUnit(sessionmaker(engine))
    try:
        for _ in range(3):
            with reads:
                lifts_named(reads.session)
        reads.close()
        with reads:
            lifts_named(reads.session)
    finally:
        reads.close()
        event.remove(engine, "begin", record)
    assert begins == ["begin", "begin"]
