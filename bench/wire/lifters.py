"""Lifters driven only through the HTTP API: registered, enrolled, and the write cycle (start the
next workout, log every prescribed set, finish) run in lock step so each kind of write is measured
on its own: all lifters start, then all log their sets, then all finish.
"""

from __future__ import annotations

import itertools
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from .client import Connection, Phase, Pool

PROGRAM = "starting-strength"
INPUTS = {"squat.work": 135, "overhead-press.work": 75, "bench-press.work": 115, "deadlift.work": 185}
PASSWORD = "benchmark-password-7"
WRITE_KINDS = ("start", "log_set", "finish")
_run = uuid.uuid4().hex[:8]
_numbers = itertools.count()


@dataclass
class Lifter:
    id: str
    token: str
    workout: str | None = None
    sets: list[dict] = field(default_factory=list)  # bodies of POST /workouts/{id}/sets still to send
    between_cycles: bool = False


def register(conn: Connection) -> Lifter:
    """A new user enrolled in the benchmark's program, as a client does it."""
    email = f"wire{_run}-{next(_numbers)}@bench.example"
    signed = conn.expect(201, "POST", "/auth/register", body={"email": email, "password": PASSWORD})
    lifter = Lifter(signed["user"]["id"], signed["token"])
    inputs = {key: {"weight": weight, "unit": "lb"} for key, weight in INPUTS.items()}
    conn.expect(201, "POST", f"/users/{lifter.id}/enrollment", lifter.token, {"program": PROGRAM, "inputs": inputs})
    return lifter


def start(conn: Connection, lifter: Lifter) -> None:
    """The next workout, with the work sets its answer prescribes (docs/performance.md, warm-ups)."""
    answer = conn.expect(201, "POST", "/workouts/start", lifter.token)
    workout = answer["workout"]
    lifter.workout = workout["id"]
    lifter.sets = [_log_body(item) for item in workout["sets"] if not item["warmup"]]  # warm-ups skipped


def _log_body(prescribed: dict) -> dict:
    body = {"set_index": prescribed["set_index"], "reps": prescribed["target_reps"] or 5}
    if prescribed["weight"] is None:
        body["weight"] = 100  # a set whose weight the lifter chooses
    return body


def log_next_set(conn: Connection, lifter: Lifter) -> None:
    conn.expect(201, "POST", f"/workouts/{lifter.workout}/sets", lifter.token, lifter.sets.pop(0))


def finish(conn: Connection, lifter: Lifter) -> None:
    answer = conn.expect(200, "POST", f"/workouts/{lifter.workout}/finish", lifter.token)
    lifter.workout = None
    lifter.between_cycles = answer["state"]["enrollment_status"] == "BETWEEN_CYCLES"


def next_cycle(conn: Connection, lifter: Lifter) -> None:
    conn.expect(200, "POST", f"/users/{lifter.id}/enrollment/next-cycle", lifter.token)
    lifter.between_cycles = False


def write_cycle(pool: Pool, lifters: list[Lifter]) -> dict[str, Phase]:
    """One workout for every lifter; each kind of write measured as its own phase."""
    phases = {}
    due = [lifter for lifter in lifters if lifter.between_cycles]
    if due:  # opening the next cycle is not one of the measured kinds, but it is part of the mix
        phases["next_cycle"] = _each(pool, due, _timed(next_cycle))
    phases["start"] = _each(pool, lifters, _timed(start))
    phases["log_set"] = _each(pool, lifters, _log_every_set)
    phases["finish"] = _each(pool, lifters, _timed(finish))
    return phases


def _timed(step: Callable[[Connection, Lifter], None]) -> Callable[[Connection, Lifter], list[float]]:
    def run(conn: Connection, lifter: Lifter) -> list[float]:
        sent = time.perf_counter()
        step(conn, lifter)
        return [time.perf_counter() - sent]
    return run


def _log_every_set(conn: Connection, lifter: Lifter) -> list[float]:
    latencies = []
    while lifter.sets:
        latencies += _timed(log_next_set)(conn, lifter)
    return latencies


def _each(pool: Pool, lifters: list[Lifter], step: Callable[[Connection, Lifter], list[float]]) -> Phase:
    """``step`` for every lifter, spread over the pool's threads; each lifter's requests in order."""
    def all_lifters() -> list[float]:
        per_lifter = pool.map(lambda lifter: step(pool.connection(), lifter), lifters)
        return [latency for latencies in per_lifter for latency in latencies]
    return pool.measured(all_lifters)
