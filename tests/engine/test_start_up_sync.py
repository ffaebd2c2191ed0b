"""Start-up mirrors the lift catalog and every program version into the database; several
processes (servers started together, a reloading master) may do it at the same instant."""

from __future__ import annotations

import sqlite3
import threading

from sqlalchemy import func, select, update
from sqlalchemy.exc import OperationalError

from engine import bootstrap as bootstrap_module
from engine.config import Settings
from engine.db.models import Lift, Program, ProgramVersion
from engine.lift_catalog import list_lifts, sync_lifts

SYNCS_AT_ONCE = 6


def _sync_all(services) -> None:
    sync_lifts(services.uow(), ((lift.slug, lift.name) for lift in services.catalog.lifts.values()))
    services.catalog.sync(services.uow())


def test_syncs_started_at_the_same_instant_all_succeed_and_write_each_row_once(loaded_services, db_engine):
    barrier = threading.Barrier(SYNCS_AT_ONCE)
    failures: list[BaseException] = []

    def run() -> None:
        barrier.wait()
        try:
            _sync_all(loaded_services)
        except BaseException as error:  # noqa: BLE001 - reported by the assertion below
            failures.append(error)

    threads = [threading.Thread(target=run) for _ in range(SYNCS_AT_ONCE)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert not any(thread.is_alive() for thread in threads)
    assert failures == []
    catalog = loaded_services.catalog
    with db_engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(Lift)) == len(catalog.lifts)
        assert conn.scalar(select(func.count()).select_from(Program)) == len(catalog.programs)
        stored = set(conn.scalars(select(ProgramVersion.id)))
    assert stored == {program.version for program in catalog.programs.values()}


def test_a_second_sync_changes_nothing_and_a_renamed_lift_is_renamed(loaded_services, db_engine):
    _sync_all(loaded_services)
    lifts = [(lift.slug, lift.name) for lift in loaded_services.catalog.lifts.values()]
    with db_engine.begin() as conn:
        conn.execute(update(Lift).where(Lift.slug == "squat").values(name="Old squat name"))

    changed = sync_lifts(loaded_services.uow(), lifts)
    loaded_services.catalog.sync(loaded_services.uow())  # versions already stored: kept, no error

    assert changed == 1
    assert dict(list_lifts(loaded_services.uow()))["squat"] == loaded_services.catalog.lifts["squat"].name
    assert sync_lifts(loaded_services.uow(), lifts) == 0


def _database_locked(tmp_path) -> OperationalError:
    """SQLite's own "database is locked", as a writer that found another's lock gets it."""
    path = tmp_path / "locked.db"
    holder, waiter = sqlite3.connect(path, timeout=0), sqlite3.connect(path, timeout=0)
    holder.execute("BEGIN IMMEDIATE")
    try:
        waiter.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as locked:
        return OperationalError("BEGIN IMMEDIATE", {}, locked)
    finally:
        holder.close()
        waiter.close()
    raise AssertionError("the second writer was not refused")


def test_a_start_up_sync_that_finds_the_database_locked_is_run_again(db_engine, tiny_specs, monkeypatch, tmp_path):
    # Servers started together on one SQLite file can hold each other past the busy timeout.
    locked, calls = _database_locked(tmp_path), []

    def sync_once_locked(uow, lifts):
        calls.append(1)
        if len(calls) == 1:
            raise locked
        return sync_lifts(uow, lifts)

    monkeypatch.setattr(bootstrap_module, "sync_lifts", sync_once_locked)
    services = bootstrap_module.bootstrap(Settings(specs_dir=tiny_specs), db=db_engine)
    assert len(calls) == 2
    assert {slug for slug, _ in list_lifts(services.uow())} >= set(services.catalog.lifts)
