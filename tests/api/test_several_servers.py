"""Several ``powerpro serve`` processes on one database, and ``kill -HUP`` under traffic: real
processes on ports of their own, every wait bounded."""

from __future__ import annotations

import itertools
import shutil
import signal
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from engine.config import PROJECT_ROOT
from engine.db.connection import make_engine
from engine.db.migrations import Migrator
from engine.db.models import ProgramVersion
from engine.programs.loader import content_hash
from tests.api.flows import STRONGLIFTS, STRONGLIFTS_INPUTS
from tests.conftest import BACKENDS, new_database
from tests.support.http import DEFAULT_PASSWORD, unique_email
from tests.support.served import RequestStream, Served, start_server, stop_all

RELOADED = "stronglifts-5x5.yaml"
PROGRAMS = (RELOADED, "wendler-531-bbb.yaml")  # two programs load fast; the sync writes every table it would
MAX_GAP = 1.0  # seconds without an answer that a reload may cause, at most


@pytest.fixture(params=BACKENDS)
def fresh_url(request, tmp_path_factory) -> str:
    """A fresh, migrated database: what servers meet on their first start."""
    url = new_database(request.param, "servers", tmp_path_factory)
    migrator = Migrator(url)
    migrator.apply()
    migrator.close()
    return url


@pytest.fixture
def specs(tmp_path) -> Path:
    """A copy of specs/ with two programs, for the servers to load (and a test to edit)."""
    copy = tmp_path / "specs"
    shutil.copytree(PROJECT_ROOT / "specs", copy, ignore=shutil.ignore_patterns("programs"))
    (copy / "programs").mkdir()
    for name in PROGRAMS:
        shutil.copy(PROJECT_ROOT / "specs" / "programs" / name, copy / "programs")
    return copy


@pytest.fixture
def serve(tmp_path, specs):
    """Starts ``powerpro serve`` processes on ``specs`` (``serve(url, workers=...)``); stops them after."""
    started: list[Served] = []

    def launch(url: str, **options) -> Served:
        started.append(start_server(url, tmp_path, env={"POWERPRO_SPECS": str(specs)}, **options))
        return started[-1]

    yield launch
    stop_all(started)


def test_three_servers_started_together_all_come_up_and_share_one_state(fresh_url, serve):
    servers = [serve(fresh_url) for _ in range(3)]  # started back to back: their start-up syncs overlap
    for server in servers:
        health = server.wait_until_up()
        assert health["database"] == {"reachable": True}
    turns = itertools.cycle(servers)  # every request goes to the next server

    def call(method: str, path: str, expect: int, body=None, token=None) -> dict:
        server = next(turns)
        answer = server.request(method, path, body, token)
        assert answer.status == expect, (server.base, method, path, answer.body)
        return answer.body

    for _ in range(2):
        registered = call("POST", "/auth/register", 201,
                          {"email": unique_email("servers"), "password": DEFAULT_PASSWORD})
        user_id, token = registered["user"]["id"], registered["token"]
        call("POST", f"/users/{user_id}/enrollment", 201, {"program": STRONGLIFTS, "inputs": STRONGLIFTS_INPUTS}, token)
        workout = call("POST", "/workouts/start", 201, token=token)["workout"]
        again = call("POST", "/workouts/start", 409, token=token)  # another server sees the workout in progress
        assert (again["code"], again["current_workout_session_id"]) == ("workout_already_in_progress", workout["id"])
        for prescribed in workout["sets"][:3]:
            call("POST", f"/workouts/{workout['id']}/sets", 201, {"set_index": prescribed["set_index"], "reps": 5},
                 token)
        call("POST", f"/workouts/{workout['id']}/finish", 200, token=token)

        seen = [server.request("GET", f"/users/{user_id}/enrollment", token=token).body for server in servers]
        assert seen[0] == seen[1] == seen[2]
        finished = [server.request("GET", f"/workouts/{workout['id']}", token=token).body for server in servers]
        assert finished[0] == finished[1] == finished[2]
        sets = finished[0]["workout"]["sets"]
        assert finished[0]["workout"]["status"] != "IN_PROGRESS" and [bool(s["logged"]) for s in sets[:4]] == [
            True, True, True, False]
    for server in servers:
        assert server.process.poll() is None, server.log()


def test_hup_with_four_workers_reloads_the_edited_program_without_a_gap(fresh_url, serve, specs):
    program = specs / "programs" / RELOADED
    server = serve(fresh_url, workers=4)
    before = server.wait_until_up()["specs"]["programs"][STRONGLIFTS]

    with RequestStream(server, STRONGLIFTS) as stream:
        time.sleep(0.3)
        program.write_text(program.read_text().replace("description: ", "description: Edited. ", 1))
        edited_version = content_hash(program.read_bytes())
        server.process.send_signal(signal.SIGHUP)
        stream.wait_for_version(edited_version)
        time.sleep(0.5)  # and a little past the old workers' exit

        _break(program)
        server.process.send_signal(signal.SIGHUP)
        server.wait_for_log("reload refused")
        time.sleep(0.5)

    assert edited_version != before
    assert stream.failures == []
    assert {status for _, status, _ in stream.answers} == {200}
    assert stream.longest_gap() < MAX_GAP, f"{stream.longest_gap():.2f}s without an answer"
    assert stream.answers[-1][2] == edited_version  # the broken edit changed nothing
    assert server.process.poll() is None
    served = server.request("GET", f"/programs/{STRONGLIFTS}").body
    assert (served["version"], served["description"][:8]) == (edited_version, "Edited. ")
    assert f"specs reloaded: 2 programs; new versions: {STRONGLIFTS} {edited_version[:12]}" in server.log()
    refused = [line for line in server.log().splitlines() if "reload refused" in line]
    assert len(refused) == 1 and f"{RELOADED}:" in refused[0]
    assert "Booting worker" not in server.log().split("reload refused")[1]  # the running workers stayed
    engine = make_engine(fresh_url)
    try:
        with engine.connect() as conn:
            stored = set(conn.scalars(select(ProgramVersion.id).where(ProgramVersion.program_slug == STRONGLIFTS)))
    finally:
        engine.dispose()
    assert stored == {before, edited_version}  # the master synced the edited version before forking


def _break(program: Path) -> None:
    text = program.read_text()
    program.write_text(text.replace(f"slug: {STRONGLIFTS}", "slug: [unclosed", 1))
