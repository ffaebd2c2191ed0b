"""What one write request costs, through the whole app in process: worker CPU per request (as a
ratio to a bare Falcon endpoint's, measured in the same run), wall time, and statements sent
to the database, for start, log-set and finish; ``--profile`` adds where the CPU goes.

    .venv/bin/python bench/writes.py                     # SQLite, 30 workouts
    .venv/bin/python bench/writes.py --profile start log-set finish
    DATABASE_URL=postgresql://postgres@127.0.0.1/bench .venv/bin/python bench/writes.py

CPU is this process's (``time.process_time``): the app, SQLAlchemy and the driver, and on
SQLite the database engine too; PostgreSQL's server work is not in it. Each run builds its own
database like bench/run.py, so it never touches real data.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

import falcon
import falcon.testing
from sqlalchemy import event

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from api.app import create_app  # noqa: E402
from bench.run import fresh_database  # noqa: E402
from engine import accounts  # noqa: E402
from engine.bootstrap import bootstrap  # noqa: E402
from engine.db.connection import make_engine  # noqa: E402

PROGRAM = "stronglifts-5x5"
INPUTS = {f"{lift}.work": {"weight": w, "unit": "lb"}
          for lift, w in {"squat": 100, "bench-press": 80, "barbell-row": 70, "overhead-press": 60,
                          "deadlift": 120}.items()}
WRITES = ("start", "log-set", "finish")
TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")


class Bare:
    """The bare endpoint: constant JSON, what Falcon alone costs per request."""

    def on_get(self, req, resp):
        resp.media = {"enrollment_status": "ACTIVE"}

    on_post = on_get


def profile_arguments(parser: argparse.ArgumentParser, kinds: tuple[str, ...]) -> None:
    parser.add_argument("--profile", nargs="*", choices=kinds, default=[], help="profile these requests (cProfile)")
    parser.add_argument("--top", type=int, default=30, help="functions listed per profile ordering")
    parser.add_argument("--dump", help="also write the profile to this file (pstats format)")


def in_process():
    """A fresh database (DATABASE_URL's server, else SQLite), the app on it and the bare endpoint,
    each behind Falcon's test client: (services, client, bare)."""
    os.environ.setdefault(accounts.FAST_HASHING_ENV, "1")
    services = bootstrap(db=make_engine(fresh_database(os.environ.get("DATABASE_URL"))))
    bare_app = falcon.App()
    bare_app.add_route("/bare", Bare())
    return services, falcon.testing.TestClient(create_app(services)), falcon.testing.TestClient(bare_app)


class Meter:
    """CPU, wall time and statements of each request, by kind; the profiler runs only for ``profiled``."""

    def __init__(self, db, profiled: set[str]) -> None:
        self.cpu, self.wall, self.statements = defaultdict(list), defaultdict(list), defaultdict(list)
        self.profiler, self.profiled, self._count = cProfile.Profile(), profiled, 0
        event.listen(db, "before_cursor_execute", self._seen)

    def _seen(self, conn, cursor, statement, parameters, context, executemany):
        if not statement.lstrip().upper().startswith(TRANSACTION_CONTROL):
            self._count += 1

    def __call__(self, kind: str, call):
        self._count = 0
        profile = kind in self.profiled
        wall, cpu = time.perf_counter(), time.process_time()
        if profile:
            self.profiler.enable()
        result = call()
        if profile:
            self.profiler.disable()
        self.cpu[kind].append(time.process_time() - cpu)
        self.wall[kind].append(time.perf_counter() - wall)
        self.statements[kind].append(self._count)
        return result


def run_workouts(client, meter: Meter, bare, user_id: str, headers: dict, rounds: int) -> None:
    for _ in range(rounds):
        state = client.simulate_get(f"/users/{user_id}/enrollment", headers=headers).json["state"]
        if state["enrollment_status"] == "BETWEEN_CYCLES":
            client.simulate_post(f"/users/{user_id}/enrollment/next-cycle", headers=headers)
        started = meter("start", lambda: client.simulate_post("/workouts/start", headers=headers))
        assert started.status_code == 201, started.text
        workout = started.json["workout"]
        path = f"/workouts/{workout['id']}"
        for item in (s for s in workout["sets"] if not s["warmup"]):  # the lifter skips warm-ups
            body = {"set_index": item["set_index"], "reps": item["target_reps"] or 5}
            logged = meter("log-set", lambda body=body, path=path: client.simulate_post(
                f"{path}/sets", json=body, headers=headers))
            assert logged.status_code == 201, logged.text
            meter("bare", lambda: bare.simulate_post("/bare"))
        finished = meter("finish", lambda path=path: client.simulate_post(f"{path}/finish", headers=headers))
        assert finished.status_code == 200, finished.text


def report(meter: Meter, top: int, dump: str | None = None, kinds: tuple[str, ...] = WRITES) -> None:
    bare_cpu = statistics.median(meter.cpu["bare"])
    print(f"bare Falcon endpoint: {bare_cpu * 1e3:.3f} ms CPU per request (median)")
    for kind in kinds:
        cpu, wall = statistics.median(meter.cpu[kind]), statistics.median(meter.wall[kind])
        counts = sorted(set(meter.statements[kind]))
        print(f"{kind:10} CPU {cpu * 1e3:6.3f} ms ({cpu / bare_cpu:5.1f}x bare), wall {wall * 1e3:6.3f} ms, "
              f"statements {counts[0]}-{counts[-1]}, n={len(meter.cpu[kind])}")
    if meter.profiled:
        if dump:
            meter.profiler.dump_stats(dump)
        out = io.StringIO()
        pstats.Stats(meter.profiler, stream=out).sort_stats("cumulative").print_stats(top)
        print(out.getvalue())
        out = io.StringIO()
        pstats.Stats(meter.profiler, stream=out).sort_stats("tottime").print_stats(top)
        print(out.getvalue())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=30, help="workouts to run (each: start, every set, finish)")
    parser.add_argument("--warm-up", type=int, default=3, help="workouts run first and not measured")
    profile_arguments(parser, WRITES)
    args = parser.parse_args()
    services, client, bare = in_process()
    db = services.db
    signed = client.simulate_post("/auth/register", json={"email": "writer@bench.example",
                                                          "password": "benchmark-password"}).json
    user_id, headers = signed["user"]["id"], {"Authorization": f"Bearer {signed['token']}"}
    enrolled = client.simulate_post(f"/users/{user_id}/enrollment", json={"program": PROGRAM, "inputs": INPUTS},
                                    headers=headers)
    assert enrolled.status_code == 201, enrolled.text
    print(f"database: {db.dialect.name}; program: {PROGRAM}; {args.rounds} workouts")
    run_workouts(client, Meter(db, set()), bare, user_id, headers, args.warm_up)
    meter = Meter(db, set(args.profile))
    run_workouts(client, meter, bare, user_id, headers, args.rounds)
    report(meter, args.top, args.dump)
    services.close()


if __name__ == "__main__":
    main()
