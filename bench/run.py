"""Benchmarks that print figures: bus overhead, GET enrollment against a bare Falcon endpoint,
and latency with many enrolled users and a million logged sets.

    .venv/bin/python bench/run.py                      # quick: 1k users, 100k sets
    .venv/bin/python bench/run.py --users 1000 100000 --sets 1000000
    .venv/bin/python bench/run.py --startup            # start-up only: see bench/startup.py
    DATABASE_URL=postgresql://postgres@127.0.0.1/bench .venv/bin/python bench/run.py

Each run builds its own database (a temporary SQLite file, or drops and recreates the tables
of DATABASE_URL's database through the migrations), so it never touches real data.

Over the wire (real `powerpro serve` against a bare Falcon app under the same gunicorn settings,
interleaved rounds, a keep-alive threaded client, worker CPU from /proc; docs/performance.md):

    .venv/bin/python bench/run.py --wire                 # both engines, 1k and 100k users, 1M sets
    .venv/bin/python bench/run.py --wire --quick         # a smoke run: SQLite, tiny sizes
    .venv/bin/python bench/run.py --wire --engine sqlite --users 1000 --rounds 5 --seconds 3
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import falcon
import falcon.testing

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from api.app import create_app  # noqa: E402
from bench import startup, wire  # noqa: E402
from bench.population import populate  # noqa: E402
from bench.wire import ENGINES  # noqa: E402
from bench.wire.databases import DEFAULT_CACHE, DEFAULT_POSTGRES  # noqa: E402
from engine import accounts  # noqa: E402
from engine.bootstrap import bootstrap  # noqa: E402
from engine.commands import Enroll, FinishWorkout, InputValue, LogSet, NextCycle, StartWorkout  # noqa: E402
from engine.db import repository  # noqa: E402
from engine.db.connection import make_engine  # noqa: E402
from engine.db.migrations import Migrator  # noqa: E402
from engine.db.models import WorkoutSession  # noqa: E402
from engine.programs import PrescribedSet, Weight  # noqa: E402
from engine.service import COMMAND_HANDLERS, EVENT_HANDLERS  # noqa: E402

PROGRAM = "starting-strength"
INPUTS = {"squat.work": 135, "overhead-press.work": 75, "bench-press.work": 115, "deadlift.work": 185}


def fresh_database(url: str | None) -> str:
    if url is None:
        url = f"sqlite:///{tempfile.mkdtemp(prefix='powerpro-bench-')}/bench.db"
    migrator = Migrator(url)
    migrator.rollback()
    migrator.apply()
    migrator.close()
    return url


def percentiles(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[max(0, int(len(ordered) * 0.95) - 1)]
    return f"p50 {statistics.median(ordered) * 1000:.2f} ms, p95 {p95 * 1000:.2f} ms, n={len(ordered)}"


def new_lifter(services, email: str) -> tuple[str, str]:
    signed = accounts.register(services.uow(), email, "benchmark-password", token_lifetime_seconds=3600)
    inputs = tuple(InputValue(k, Weight.of(v, "lb")) for k, v in INPUTS.items())
    services.handle(Enroll(signed.account.id, PROGRAM, inputs))
    return signed.account.id, signed.token


def open_next_cycle_if_due(services, user_id: str) -> None:
    with services.uow() as uow:
        status = repository.live_enrollment(uow.session, user_id).enrollment_status
    if status == "BETWEEN_CYCLES":
        services.handle(NextCycle(user_id))


def start(services, user_id: str) -> str:
    """Start the next workout, opening the next cycle first when the last one is complete."""
    open_next_cycle_if_due(services, user_id)
    return services.handle(StartWorkout(user_id)).result


def ready_to_finish(services, user_id: str) -> str:
    workout = start(services, user_id)
    for item in prescription_of(services, workout):
        services.handle(LogSet(user_id, workout, item.set_index, item.target_reps))
    return workout


def prescription_of(services, workout_id: str) -> list[PrescribedSet]:
    """The workout's work sets: the benchmark's lifters skip warm-ups (docs/performance.md)."""
    with services.uow() as uow:
        return [s for s in uow.session.get(WorkoutSession, workout_id).prescription if not s.warmup]


def handle_direct(services, command) -> None:
    """The same command with the handlers called in a fixed order, no bus: the baseline."""
    table: dict[str, list[Callable]] = {}
    for name, handler in EVENT_HANDLERS:
        table.setdefault(str(name), []).append(handler)
    with services.uow() as uow:
        COMMAND_HANDLERS[type(command)](command, uow, services)
        while (event := uow.next_event()) is not None:
            for handler in table.get(event.name, ()):
                handler(event, uow, ctx=services)
        uow.commit()


def bench_bus(services, rounds: int) -> None:
    """Two lifters at the same position each round: one finishes through the bus, the other with
    the handlers called directly (alternating which goes first), so both paths see the same mix
    of plain finishes, week ends and cycle ends."""
    via_bus_user, _ = new_lifter(services, "bus@bench.example")
    direct_user, _ = new_lifter(services, "direct@bench.example")
    via_bus, direct = [], []
    for index in range(rounds):
        commands = {user: FinishWorkout(user, ready_to_finish(services, user)) for user in (via_bus_user, direct_user)}
        order = (via_bus_user, direct_user) if index % 2 else (direct_user, via_bus_user)
        for user in order:
            started = time.perf_counter()
            if user == via_bus_user:
                services.handle(commands[user])
                via_bus.append(time.perf_counter() - started)
            else:
                handle_direct(services, commands[user])
                direct.append(time.perf_counter() - started)
    bus, base = statistics.median(via_bus), statistics.median(direct)
    print(f"finish workout via bus:        {percentiles(via_bus)}")
    print(f"finish workout, direct calls:  {percentiles(direct)}")
    print(f"bus overhead (median):         {(bus - base) / base * 100:+.1f}%")
    bookkeeping, total = bus_bookkeeping(services, via_bus_user, rounds)
    print(f"bus's own work per finish:     {bookkeeping * 1e6:.0f} us = {bookkeeping / total * 100:.2f}% of the finish "
          "(dispatch time minus the handlers' time)")


def bus_bookkeeping(services, user_id: str, rounds: int) -> tuple[float, float]:
    """Median time the bus spends outside the handlers, and the median finish, over ``rounds``."""
    in_handlers = [0.0]

    def timed(handler):
        def run(event, uow):
            started = time.perf_counter()
            try:
                handler(event, uow)
            finally:
                in_handlers[0] += time.perf_counter() - started
        return run

    bus = services.bus
    original = {name: list(handlers) for name, handlers in bus._handlers.items()}
    for handlers in bus._handlers.values():
        handlers[:] = [timed(h) for h in handlers]
    dispatch = bus.dispatch
    overheads, finishes, finish_overheads = [], [], []

    def measured_dispatch(uow):
        in_handlers[0] = 0.0
        started = time.perf_counter()
        handled = dispatch(uow)
        overheads.append(time.perf_counter() - started - in_handlers[0])
        return handled

    bus.dispatch = measured_dispatch
    try:
        for _ in range(rounds):
            command = FinishWorkout(user_id, ready_to_finish(services, user_id))
            overheads.clear()
            started = time.perf_counter()
            services.handle(command)
            finishes.append(time.perf_counter() - started)
            finish_overheads.append(sum(overheads))
    finally:
        del bus.dispatch
        bus._handlers.clear()
        bus._handlers.update(original)
    return statistics.median(finish_overheads), statistics.median(finishes)


class Bare:
    def on_get(self, req, resp):
        resp.media = {"enrollment_status": "ACTIVE"}


def requests_per_second(call: Callable[[], object], seconds: float) -> tuple[float, list[float]]:
    latencies, deadline = [], time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        started = time.perf_counter()
        call()
        latencies.append(time.perf_counter() - started)
    return len(latencies) / sum(latencies), latencies


def bench_get_enrollment(services, user_id: str, token: str, seconds: float, label: str) -> None:
    client = falcon.testing.TestClient(create_app(services))
    bare_app = falcon.App()
    bare_app.add_route("/bare", Bare())
    bare = falcon.testing.TestClient(bare_app)
    headers = {"Authorization": f"Bearer {token}"}
    response = client.simulate_get(f"/users/{user_id}/enrollment", headers=headers)
    assert response.status_code == 200, response.text
    rate, latencies = requests_per_second(
        lambda: client.simulate_get(f"/users/{user_id}/enrollment", headers=headers), seconds)
    bare_rate, _ = requests_per_second(lambda: bare.simulate_get("/bare"), seconds)
    print(f"[{label}] GET /users/{{id}}/enrollment: {rate:,.0f} req/s ({percentiles(latencies)})")
    print(f"[{label}] bare Falcon endpoint:        {bare_rate:,.0f} req/s (same process, same run)")


def bench_workout_latency(services, user_id: str, rounds: int, label: str) -> None:
    starts, logs, finishes = [], [], []
    for _ in range(rounds):
        open_next_cycle_if_due(services, user_id)
        t0 = time.perf_counter()
        workout = services.handle(StartWorkout(user_id)).result
        starts.append(time.perf_counter() - t0)
        for item in prescription_of(services, workout):
            t0 = time.perf_counter()
            services.handle(LogSet(user_id, workout, item.set_index, item.target_reps))
            logs.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        services.handle(FinishWorkout(user_id, workout))
        finishes.append(time.perf_counter() - t0)
    print(f"[{label}] start workout:  {percentiles(starts)}")
    print(f"[{label}] log a set:      {percentiles(logs)}")
    print(f"[{label}] finish workout: {percentiles(finishes)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, nargs="+", help="enrolled-user counts to measure at "
                        "(in-process: 1000; --wire: 1000 100000)")
    parser.add_argument("--sets", type=int, help="logged sets in the database (in-process: 100000); --wire: "
                        "at the largest user count, smaller counts get as many per user (1000000)")
    parser.add_argument("--seconds", type=float, help="duration of each throughput run (3; --wire: of each phase, 2)")
    parser.add_argument("--rounds", type=int, help="workouts per latency run (30); --wire: interleaved rounds (3)")
    parser.add_argument("--startup", action="store_true",
                        help="only the start-up figures (bench/startup.py): spec load+validate against a bare "
                             "CSafeLoader parse, launch to /health of powerpro serve against a bare Falcon app")
    over_wire = parser.add_argument_group("over the wire")
    over_wire.add_argument("--wire", action="store_true", help="measure real servers over HTTP")
    over_wire.add_argument("--engine", choices=sorted(ENGINES), default="both")
    over_wire.add_argument("--quick", action="store_true",
                           help="a smoke run: SQLite, 100 and 1,000 users, short phases")
    over_wire.add_argument("--threads", type=int, help="client threads (8)")
    over_wire.add_argument("--workers", type=int, help="gunicorn workers of each server (2, as shipped)")
    over_wire.add_argument("--postgres", default=DEFAULT_POSTGRES,
                      help="a PostgreSQL server where a throw-away database is created and dropped")
    over_wire.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help="where populated SQLite files are kept")
    over_wire.add_argument("--json", type=Path, help="also write every figure of every round to this file")
    over_wire.add_argument("--markdown", type=Path, help="also write the tables as markdown (docs/performance.md)")
    args = parser.parse_args()
    if args.startup:
        startup.run()
        return
    os.environ.setdefault(accounts.FAST_HASHING_ENV, "1")  # registration is not what is measured
    if args.wire:
        run_wire(args)
    else:
        run_in_process(args.users or [1000], args.sets or 100_000, args.seconds or 3.0, args.rounds or 30)


def run_wire(args: argparse.Namespace) -> None:
    base = wire.QUICK if args.quick else wire.Options()
    plan = replace(base.plan, **{name: value for name, value in (
        ("rounds", args.rounds), ("seconds", args.seconds), ("threads", args.threads), ("workers", args.workers))
        if value is not None})
    engines = base.engines if args.quick and args.engine == "both" else ENGINES[args.engine]
    wire.main(replace(base, engines=engines, users=tuple(args.users or base.users), sets=args.sets or base.sets,
                      plan=plan, postgres=args.postgres, cache=args.cache), args.json, args.markdown)


def run_in_process(user_counts: list[int], sets: int, seconds: float, rounds: int) -> None:
    url = fresh_database(os.environ.get("DATABASE_URL"))
    db = make_engine(url)
    services = bootstrap(db=db)
    print(f"database: {db.dialect.name}; program: {PROGRAM}")
    bench_bus(services, rounds)
    populated = 0
    for users in sorted(user_counts):
        started = time.perf_counter()
        populate(services, users - populated, sets if populated == 0 else 0, offset=populated)
        populated = users
        print(f"populated {users:,} enrolled users, {sets:,} logged sets in {time.perf_counter() - started:.1f} s")
        user_id, token = new_lifter(services, f"probe{users}@bench.example")
        label = f"{users:,} users"
        bench_get_enrollment(services, user_id, token, seconds, label)
        bench_workout_latency(services, user_id, rounds, label)
    services.close()


if __name__ == "__main__":
    main()
