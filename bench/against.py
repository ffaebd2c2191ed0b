"""This checkout against another commit, side by side over the wire: what a change did to the
worker CPU of each write (start, log a set, finish), measured in one run.

    .venv/bin/python bench/against.py main~3                    # SQLite
    .venv/bin/python bench/against.py main~3 --engine postgres --rounds 12

The other commit is checked out in a temporary git worktree. Each checkout serves its own empty
database, migrated by its own migrations, through ``powerpro serve`` as it ships (2 workers);
both servers are up at once, and the rounds alternate between them (the order flipping each
round), each round whole write cycles of the same number of lifters. A round's figure is this
checkout's worker CPU per request over the other's, so load that comes and goes on the machine
touches both sides of it alike; the median of the rounds is printed with their spread. The bare
endpoint's yardstick is not needed: both sides are the app.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.wire.client import Phase, Pool  # noqa: E402
from bench.wire.databases import DEFAULT_POSTGRES  # noqa: E402
from bench.wire.lifters import WRITE_KINDS, register, write_cycle  # noqa: E402
from bench.wire.servers import TICKS_PER_SECOND, UNTHROTTLED, stop_now  # noqa: E402
from deploy.processes import Served  # noqa: E402
from engine.config import PROJECT_ROOT  # noqa: E402

SIDES = ("other", "this")
MAX_CYCLES = 200  # per side and round, however little CPU the writes used


@contextmanager
def checkout(ref: str) -> Iterator[Path]:
    """``ref`` in a temporary git worktree of this repository, removed afterwards."""
    place = Path(tempfile.mkdtemp(prefix="powerpro-against-")) / "checkout"
    subprocess.run(["git", "worktree", "add", "--detach", "--quiet", str(place), ref], cwd=PROJECT_ROOT, check=True)
    try:
        yield place
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", str(place)], cwd=PROJECT_ROOT, check=False)
        shutil.rmtree(place.parent, ignore_errors=True)


@contextmanager
def database(engine: str, name: str, postgres: str) -> Iterator[str]:
    """An empty database for one side: a SQLite file, or a database on the PostgreSQL server."""
    if engine == "sqlite":
        folder = tempfile.mkdtemp(prefix=f"powerpro-against-{name}-")
        try:
            yield f"sqlite:///{folder}/powerpro.db"
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        return
    from sqlalchemy import create_engine, make_url, text

    database_name = f"powerpro_against_{os.getpid()}_{name}"
    admin = create_engine(postgres, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{database_name}"'))
    try:
        yield make_url(postgres).set(database=database_name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{database_name}" WITH (FORCE)'))
        admin.dispose()


def serve(tree: Path, url: str, workers: int) -> Served:
    """``powerpro serve`` of the checkout at ``tree`` (its own packages, specs and migrations)."""
    environment = {**os.environ, "DATABASE_URL": url}
    subprocess.run([sys.executable, "-c", "from cli.main import cli; cli()", "migrate", "apply"], cwd=tree,
                   env=environment, check=True, stdout=subprocess.DEVNULL)
    here = Path.cwd()
    os.chdir(tree)  # the server's process starts here: its imports are the checkout's
    try:
        return Served(url, workers=workers, env=UNTHROTTLED)
    finally:
        os.chdir(here)


def rounds(pools: dict[str, Pool], writers: int, rounds_: int, cycles: int,
           min_cpu_ticks: int = 20) -> dict[str, dict[str, list[float]]]:
    """Worker CPU (ms) per request of each write kind, per side and round: at least ``cycles``
    write cycles, and more until each kind used ``min_cpu_ticks`` of worker CPU (/proc counts in
    10 ms ticks, so a few requests may read as none)."""
    lifters = {side: pool.map(lambda _, pool=pool: register(pool.connection()), range(writers))
               for side, pool in pools.items()}
    for side, pool in pools.items():  # warmed up: every code path run, the caches filled
        write_cycle(pool, lifters[side])
    found: dict[str, dict[str, list[float]]] = {side: {kind: [] for kind in WRITE_KINDS} for side in pools}
    least_cpu = min_cpu_ticks / TICKS_PER_SECOND
    for round_ in range(rounds_):
        for side in (SIDES if round_ % 2 == 0 else SIDES[::-1]):
            totals = {kind: Phase() for kind in WRITE_KINDS}
            for cycle in range(MAX_CYCLES):
                for kind, phase in write_cycle(pools[side], lifters[side]).items():
                    if kind in totals:
                        totals[kind].add(phase)
                if cycle + 1 >= cycles and min(p.cpu_seconds for p in totals.values()) >= least_cpu:
                    break
            for kind, phase in totals.items():
                found[side][kind].append(phase.cpu_ms)
    return found


def report(found: dict[str, dict[str, list[float]]], ref: str) -> str:
    lines = [f"worker CPU per request, this checkout against {ref} (median of the rounds' ratios [min-max]):"]
    for kind in WRITE_KINDS:
        this, other = found["this"][kind], found["other"][kind]
        ratios = sorted(mine / theirs for mine, theirs in zip(this, other, strict=True))
        lines.append(f"  {kind:8} {statistics.median(other):6.2f} ms -> {statistics.median(this):6.2f} ms: "
                     f"{statistics.median(ratios):.3f} [{ratios[0]:.3f}-{ratios[-1]:.3f}]")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("ref", help="the commit to compare with (any git revision)")
    parser.add_argument("--engine", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--postgres", default=DEFAULT_POSTGRES, help="the PostgreSQL server (its databases are made)")
    parser.add_argument("--rounds", type=int, default=10, help="rounds, each whole write cycles on both sides")
    parser.add_argument("--cycles", type=int, default=3, help="write cycles per side and round, at least")
    parser.add_argument("--min-cpu-ticks", type=int, default=20,
                        help="worker CPU (10 ms ticks) each write kind uses per side and round, at least")
    parser.add_argument("--writers", type=int, default=16, help="lifters writing on each side")
    parser.add_argument("--threads", type=int, default=8, help="client threads per side")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers of each server")
    args = parser.parse_args()
    with ExitStack() as stack:
        trees = {"other": stack.enter_context(checkout(args.ref)), "this": PROJECT_ROOT}
        servers = {}
        for side, tree in trees.items():
            url = stack.enter_context(database(args.engine, side, args.postgres))
            servers[side] = serve(tree, url, args.workers)
            stack.callback(servers[side].close)
            stack.callback(stop_now, servers[side].process)
        for served in servers.values():
            served.wait_until_up()
        pools = {side: Pool(served.port, served.process.pid, args.threads) for side, served in servers.items()}
        for pool in pools.values():
            stack.callback(pool.close)
        print(f"{args.engine}: {args.rounds} rounds of {args.cycles} write cycles of {args.writers} lifters per side",
              flush=True)
        print(report(rounds(pools, args.writers, args.rounds, args.cycles, args.min_cpu_ticks), args.ref))


if __name__ == "__main__":
    main()
