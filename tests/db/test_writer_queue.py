"""Writers of one SQLite file take turns before SQLite's write lock (engine/db/writer_queue.py):
a writer whose busy timeout is far shorter than another writer's transaction still commits,
whether the other writer is a thread of its process or another process; a turn never waits
longer than the busy timeout, and the lock file it gave up is let go when it comes; a writer
waiting for another process wakes when the lock comes free, not every poll; PostgreSQL's
writers do not queue (docs/decisions/0009)."""

from __future__ import annotations

import fcntl
import multiprocessing
import os
import threading
import time
from contextlib import nullcontext

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import sessionmaker

from engine.db import writer_queue
from engine.db.connection import make_engine
from engine.db.migrations import Migrator
from engine.db.models import Lift
from engine.db.unit_of_work import UnitOfWork
from tests.conftest import new_database

HOLD_SECONDS = 0.5
IMPATIENT_SECONDS = 0.05  # SQLite's busy timeout of the second writer: a tenth of the first's hold


@pytest.fixture(scope="module")
def sqlite_url(tmp_path_factory):
    url = new_database("sqlite", "writer_queue", tmp_path_factory)
    Migrator(url).apply()
    return url


def impatient(url: str):
    return make_engine(url, connect_args={"check_same_thread": False, "timeout": IMPATIENT_SECONDS})


def add_lift(url: str, slug: str, hold: float = 0.0, started: threading.Event | None = None) -> None:
    """One write transaction that inserts a lift, holding SQLite's write lock ``hold`` seconds."""
    engine = make_engine(url)
    try:
        with UnitOfWork(sessionmaker(engine)) as uow:
            uow.session.add(Lift(slug=slug, name=slug))
            uow.session.flush()  # the write lock is taken
            if started is not None:
                started.set()
            time.sleep(hold)
            uow.commit()
    finally:
        engine.dispose()


def lifts(url: str, prefix: str) -> set[str]:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return set(conn.scalars(select(Lift.slug).where(Lift.slug.like(f"{prefix}-%"))))
    finally:
        engine.dispose()


def test_a_writer_of_the_same_process_waits_for_its_turn_instead_of_failing(sqlite_url):
    started = threading.Event()
    first = threading.Thread(target=add_lift, args=(sqlite_url, "queued-first", HOLD_SECONDS, started))
    first.start()
    assert started.wait(5)
    engine = impatient(sqlite_url)
    try:
        began = time.perf_counter()
        with UnitOfWork(sessionmaker(engine)) as uow:  # would fail after 0.05 s on SQLite's lock alone
            uow.session.add(Lift(slug="queued-second", name="second"))
            uow.commit()
        waited = time.perf_counter() - began
    finally:
        engine.dispose()
        first.join()
    assert lifts(sqlite_url, "queued") == {"queued-first", "queued-second"}
    assert waited > IMPATIENT_SECONDS * 2  # it did wait, past its own busy timeout


def test_a_writer_waits_for_another_process_holding_its_turn(sqlite_url):
    # The queue exists in this process before the fork: the child must still take its own file lock.
    with writer_queue.turn(make_engine(sqlite_url)):
        pass
    context = multiprocessing.get_context("fork")
    ready = context.Event()
    child = context.Process(target=_add_lift_in_child, args=(sqlite_url, ready))
    child.start()
    try:
        assert ready.wait(10)
        engine = impatient(sqlite_url)
        try:
            with UnitOfWork(sessionmaker(engine)) as uow:
                uow.session.add(Lift(slug="forked-parent", name="parent"))
                uow.commit()
        finally:
            engine.dispose()
    finally:
        child.join(10)
    assert child.exitcode == 0
    assert lifts(sqlite_url, "forked") == {"forked-child", "forked-parent"}


def _add_lift_in_child(url: str, ready) -> None:
    started = threading.Event()
    writer = threading.Thread(target=add_lift, args=(url, "forked-child", HOLD_SECONDS, started))
    writer.start()
    started.wait(5)
    ready.set()
    writer.join()


def test_a_turn_is_waited_for_no_longer_than_the_busy_timeout(sqlite_url, monkeypatch):
    monkeypatch.setattr(writer_queue, "SQLITE_BUSY_TIMEOUT_SECONDS", 0.2)
    monkeypatch.setattr(writer_queue, "_QUEUES", {})  # a queue made with that timeout
    started, release = threading.Event(), threading.Event()

    def hold_the_turn() -> None:
        with writer_queue.turn(make_engine(sqlite_url)):
            started.set()
            release.wait(10)

    holder = threading.Thread(target=hold_the_turn)
    holder.start()
    try:
        assert started.wait(5)
        engine = impatient(sqlite_url)
        try:
            began = time.perf_counter()
            with UnitOfWork(sessionmaker(engine)) as uow:  # the turn never comes: SQLite's lock decides
                assert uow.session.scalar(select(func.count()).select_from(Lift)) >= 0
            waited = time.perf_counter() - began
        finally:
            engine.dispose()
    finally:
        release.set()
        holder.join()
    assert 0.2 <= waited < 2


def _hold_the_lock_file(path: str, ready, seconds: float) -> None:
    fd = os.open(path, os.O_RDWR | os.O_CREAT)
    fcntl.flock(fd, fcntl.LOCK_EX)
    ready.set()
    time.sleep(seconds)
    os.close(fd)  # the lock goes with it


@pytest.fixture
def lock_file_held_elsewhere(sqlite_url):
    """Another process holding the database's ``-writers.lock`` for HOLD_SECONDS: (holder, lock path)."""
    path = f"{make_engine(sqlite_url).url.database}-writers.lock"
    context = multiprocessing.get_context("fork")
    ready = context.Event()
    holder = context.Process(target=_hold_the_lock_file, args=(path, ready, HOLD_SECONDS))
    holder.start()
    assert ready.wait(10)
    yield holder, path
    holder.join(10)
    assert holder.exitcode == 0


def test_a_writer_waiting_for_another_process_wakes_when_the_lock_comes_free(lock_file_held_elsewhere, sqlite_url,
                                                                             monkeypatch):
    monkeypatch.setattr(writer_queue, "_QUEUES", {})
    exclusive_calls = []
    real_flock = fcntl.flock
    monkeypatch.setattr(fcntl, "flock", lambda fd, operation: (exclusive_calls.append(operation)
                                                                if operation & fcntl.LOCK_EX else None,
                                                                real_flock(fd, operation))[1])
    began = time.perf_counter()
    with writer_queue.turn(make_engine(sqlite_url)):
        waited = time.perf_counter() - began
    assert HOLD_SECONDS * 0.8 <= waited < HOLD_SECONDS * 4  # it waited for the other process
    # Once without waiting (taken elsewhere), once in the kernel: not a try every poll.
    assert exclusive_calls == [fcntl.LOCK_EX | fcntl.LOCK_NB, fcntl.LOCK_EX]


def test_a_lock_file_given_up_is_let_go_when_it_comes(lock_file_held_elsewhere, sqlite_url, monkeypatch):
    monkeypatch.setattr(writer_queue, "SQLITE_BUSY_TIMEOUT_SECONDS", 0.1)
    monkeypatch.setattr(writer_queue, "_QUEUES", {})
    holder, path = lock_file_held_elsewhere
    began = time.perf_counter()
    with writer_queue.turn(make_engine(sqlite_url)):  # given up after 0.1 s: SQLite's lock decides
        assert time.perf_counter() - began < HOLD_SECONDS
    holder.join(10)
    probe = os.open(path, os.O_RDWR)
    try:
        assert _taken_within(probe, 2)  # the waiting thread took it for nobody, and let it go
        fcntl.flock(probe, fcntl.LOCK_UN)
        time.sleep(0.1)
        assert _taken_within(probe, 0)  # and nobody holds it since
    finally:
        os.close(probe)


def _taken_within(fd: int, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.01)


def test_a_transaction_within_its_own_turn_does_not_wait_for_itself(sqlite_url):
    engine = impatient(sqlite_url)
    try:
        began = time.perf_counter()
        with pytest.raises(OperationalError, match="locked"):  # noqa: SIM117 (the order of the two matters)
            with UnitOfWork(sessionmaker(engine)) as outer:
                outer.session.add(Lift(slug="queued-outer", name="outer"))
                outer.session.flush()
                with UnitOfWork(sessionmaker(engine)) as inner:  # SQLite refuses it; the queue does not hang
                    inner.session.add(Lift(slug="queued-inner", name="inner"))
                    inner.session.flush()
        assert time.perf_counter() - began < 2
    finally:
        engine.dispose()


def test_postgresql_and_in_memory_databases_do_not_queue():
    assert isinstance(writer_queue.turn(make_engine("sqlite://")), nullcontext)
    assert isinstance(writer_queue.turn(make_engine("postgresql+psycopg://postgres@127.0.0.1:5432/test")),
                      nullcontext)
