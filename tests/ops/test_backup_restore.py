"""A database filled through the API, backed up and restored into a fresh one: the same
lifters, with the same tokens, see identical state blocks and carry on."""

from __future__ import annotations

import sqlite3
from contextlib import closing

import pytest
from click.testing import CliRunner

from api.app import create_app
from cli.main import cli
from engine.accounts import FAST_HASHING_ENV
from engine.bootstrap import bootstrap
from engine.db.connection import make_engine
from engine.db.migrations import Migrator
from tests.api.flows import enroll, finish, log, start
from tests.conftest import BACKENDS, new_database
from tests.support.http import ApiClient


def _migrated(backend: str, name: str, tmp_path_factory) -> str:
    url = new_database(backend, name, tmp_path_factory)
    migrator = Migrator(url)
    migrator.apply()
    migrator.close()
    return url


class Served:
    """The API in process on one database (start-up sync included), as a server would run it."""

    def __init__(self, url: str) -> None:
        self.services = bootstrap(db=make_engine(url))
        self.client = ApiClient(create_app(self.services))

    def views(self, lifter) -> tuple[dict, dict]:
        enrollment = self.client.get(f"/users/{lifter.id}/enrollment", token=lifter.token)
        history = self.client.get(f"/users/{lifter.id}/workouts", token=lifter.token)
        assert enrollment.status_code == history.status_code == 200
        return enrollment.json, history.json


def _invoke(*args: str):
    return CliRunner().invoke(cli, list(args))


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_restored_backup_carries_the_same_lifters_on(backend, tmp_path, tmp_path_factory, monkeypatch):
    monkeypatch.setenv(FAST_HASHING_ENV, "1")
    original_url = _migrated(backend, "backed_up", tmp_path_factory)
    original = Served(original_url)
    lifters = [original.client.register() for _ in range(2)]
    for lifter in lifters:
        enroll(original.client, lifter)
        workout = start(original.client, lifter)["workout"]
        log(original.client, lifter, workout["id"], 0, 5)
    finish(original.client, lifters[0], workout_id=_current(original, lifters[0]))
    before = {lifter.id: original.views(lifter) for lifter in lifters}

    archive = tmp_path / "powerpro.backup"
    backed_up = _invoke("backup", str(archive), "--database-url", original_url)
    assert backed_up.exit_code == 0, backed_up.output
    restored_url = new_database(backend, "restored", tmp_path_factory)
    put_back = _invoke("restore", str(archive), "--database-url", restored_url, "--yes")
    assert put_back.exit_code == 0, put_back.output

    restored = Served(restored_url)
    assert {lifter.id: restored.views(lifter) for lifter in lifters} == before
    carried_on = {
        name: finish(served.client, lifters[1], _current(served, lifters[1]))["progressions_applied"]
        for name, served in (("original", original), ("restored", restored))
    }
    assert carried_on["restored"] == carried_on["original"]
    for served in (original, restored):
        served.services.close()


def _current(served: Served, lifter) -> str:
    current = served.client.get(f"/users/{lifter.id}/workouts/current", token=lifter.token).json
    return current["state"]["current_workout_session"]["id"]


def test_a_sqlite_backup_is_the_committed_state_while_a_write_is_under_way(tmp_path, tmp_path_factory):
    url = _migrated("sqlite", "online", tmp_path_factory)
    path = url.removeprefix("sqlite:///")
    with closing(sqlite3.connect(path, isolation_level=None)) as writer:
        writer.execute("INSERT INTO lifts (slug, name) VALUES ('committed-lift', 'Committed')")
        writer.execute("BEGIN IMMEDIATE")
        writer.execute("INSERT INTO lifts (slug, name) VALUES ('pending-lift', 'Pending')")
        result = _invoke("backup", str(tmp_path / "online.db"), "--database-url", url)
        writer.execute("COMMIT")
    assert result.exit_code == 0, result.output
    with closing(sqlite3.connect(tmp_path / "online.db")) as copy:
        slugs = {slug for (slug,) in copy.execute("SELECT slug FROM lifts")}
    assert "committed-lift" in slugs and "pending-lift" not in slugs


def test_backup_refuses_to_overwrite_and_restore_refuses_a_foreign_file(tmp_path, tmp_path_factory):
    url = _migrated("sqlite", "refusals", tmp_path_factory)
    existing = tmp_path / "taken.db"
    existing.write_bytes(b"")
    foreign = tmp_path / "foreign.db"
    with closing(sqlite3.connect(foreign)) as db:
        db.execute("CREATE TABLE notes (text TEXT)")
    overwrite = _invoke("backup", str(existing), "--database-url", url)
    wrong = _invoke("restore", str(foreign), "--database-url", url, "--yes")
    unconfirmed = _invoke("restore", str(foreign), "--database-url", url)
    assert overwrite.exit_code == wrong.exit_code == unconfirmed.exit_code == 1
    assert overwrite.output.strip() == (
        f"Error: {existing} already exists; choose a new file, a backup never overwrites one")
    assert wrong.output.strip() == f"Error: {foreign} is not a powerpro database (no _yoyo_migration table)"
    assert "add --yes" in unconfirmed.output
    unknown = _invoke("backup", str(tmp_path / "never.db"), "--database-url", "foo://")
    assert (unknown.exit_code, unknown.output.strip()) == (
        1, "Error: DATABASE_URL 'foo://' is not supported: use sqlite:///PATH or postgresql://USER@HOST:PORT/NAME")
    assert not (tmp_path / "never.db").exists()
    assert Migrator(url).status()[-1].applied  # the live database was left as it was
