"""The over-the-wire benchmark (``bench/run.py --wire``): real ``powerpro serve`` against a bare
Falcon app under identical gunicorn settings, on SQLite and PostgreSQL, at several sizes.

Only the HTTP API is used once the database is populated, so the figures are what a client
sees of whatever the server does inside. docs/performance.md explains every figure.
"""

from __future__ import annotations

import json
import os
import time
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

from .databases import DEFAULT_CACHE, DEFAULT_POSTGRES, database
from .report import Report, Run
from .rounds import Plan, measure

ENGINES = {"sqlite": ("sqlite",), "postgres": ("postgres",), "both": ("sqlite", "postgres")}


@dataclass(frozen=True)
class Options:
    engines: tuple[str, ...] = ("sqlite", "postgres")
    users: tuple[int, ...] = (1_000, 100_000)
    sets: int = 1_000_000  # at the largest user count; smaller counts get as many sets per user
    plan: Plan = field(default_factory=Plan)
    postgres: str = DEFAULT_POSTGRES
    cache: Path = DEFAULT_CACHE

    def sets_at(self, users: int) -> int:
        return self.sets * users // max(self.users)


QUICK = Options(engines=("sqlite",), users=(100, 1_000), sets=5_000,
                plan=Plan(rounds=2, seconds=0.4, threads=4, writers=4, readers=4, warmup=0.2, min_cpu_ticks=3,
                          slices=2))


def run(options: Options) -> Report:
    report = Report()
    for engine in options.engines:
        sizes = sorted(options.users)
        started = time.perf_counter()
        with ExitStack() as databases:
            urls = {}
            for users in sizes:
                print(f"{engine}, {users:,} users, {options.sets_at(users):,} logged sets:", flush=True)
                urls[users] = databases.enter_context(
                    database(engine, users, options.sets_at(users), postgres=options.postgres, cache=options.cache))
            load_before = os.getloadavg()[0]
            figures = measure(urls, options.plan)
            load = [load_before, os.getloadavg()[0]]
        for users in sizes:
            report.runs.append(Run(engine, users, options.sets_at(users), figures[users], load))
        print(f"  measured {options.plan.rounds} rounds in {time.perf_counter() - started:.0f} s "
              f"(load average {load[0]:.1f} -> {load[1]:.1f})", flush=True)
    return report


def main(options: Options, json_path: Path | None = None, markdown_path: Path | None = None) -> Report:
    plan = options.plan
    print(f"over the wire: {plan.workers} gunicorn workers per server as `powerpro serve` ships them, "
          f"{plan.threads} keep-alive client threads, {plan.rounds} rounds of {plan.seconds:g} s phases, "
          f"{plan.readers} readers, {plan.writers} writers", flush=True)
    report = run(options)
    print(report.table())
    if json_path is not None:
        json_path.write_text(json.dumps(report.as_dict(), indent=1))
    if markdown_path is not None:
        markdown_path.write_text(report.markdown())
    return report
