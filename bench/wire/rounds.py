"""One engine at every size: the servers up, lifters made over HTTP, then interleaved rounds.

Each round measures, for each size in turn, three pairs of bare and app phases: GET enrollment,
GET the workout in progress, and the write mix. A read pair alternates bare and app in slices
(bare, app, app, bare, ...; the app first in odd rounds); a write pair is one bare phase and one
write phase. A ratio is always taken within its pair, so load that comes and goes on the
machine touches both sides of it alike.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from contextlib import ExitStack
from dataclasses import dataclass

from deploy.processes import Served

from .client import Phase, Pool, UnexpectedAnswer
from .lifters import WRITE_KINDS, Lifter, log_next_set, register, start, write_cycle
from .servers import TICKS_PER_SECOND, BareServed, start_app, stop_now

READS = {
    "enrollment": lambda lifter: f"/users/{lifter.id}/enrollment",
    "current": lambda lifter: f"/users/{lifter.id}/workouts/current",
}


@dataclass(frozen=True)
class Plan:
    rounds: int = 3
    seconds: float = 2.0  # per phase at least; a write phase runs whole cycles
    threads: int = 8  # client threads: as many requests at once as 2 gthread workers of 4 threads serve
    workers: int = 2
    writers: int = 16
    readers: int = 16
    warmup: float = 1.0
    # A read pair alternates bare and app this many times within its seconds, so that load that
    # comes and goes on the machine falls on both alike.
    slices: int = 4
    # A write phase repeats until each kind of write used this much worker CPU: /proc counts in
    # ticks (10 ms), so 20 of them keep the rounding under 5%.
    min_cpu_ticks: int = 20
    max_write_cycles: int = 200


def measure(urls: Mapping[int, str], plan: Plan) -> dict[int, dict[str, list[float]]]:
    """Every figure of ``report.FIGURES``, one value per round, for each database (by size).

    One ``powerpro serve`` per database and one bare app, all up at once: a round measures every
    size in turn (the order alternating), so sizes are compared under the same machine load."""
    with ExitStack() as stack:
        bare = BareServed(plan.workers)
        stack.callback(bare.close)
        apps = {size: start_app(url, plan.workers) for size, url in urls.items()}
        for app in apps.values():
            stack.callback(_close, app)
        bare.wait_until_up()
        for app in apps.values():
            app.wait_until_up()
        pools = {size: Pool(app.port, app.process.pid, plan.threads) for size, app in apps.items()}
        bare_pool = Pool(bare.port, bare.process.pid, plan.threads)
        for pool in [*pools.values(), bare_pool]:
            stack.callback(pool.close)
        try:
            return _rounds(pools, bare_pool, plan)
        except UnexpectedAnswer as error:
            logs = "\n".join(app.output()[-3000:] for app in apps.values())
            raise UnexpectedAnswer(f"{error}\n--- powerpro serve's log ---\n{logs}") from None


def _close(app: Served) -> None:
    stop_now(app.process)
    app.close()


def _rounds(pools: Mapping[int, Pool], bare_pool: Pool, plan: Plan) -> dict[int, dict[str, list[float]]]:
    phases = {size: _app_phases(pool, plan) for size, pool in pools.items()}

    def bare(seconds: float) -> Phase:
        return _reads(bare_pool, [None], lambda _: "/bare", seconds)

    bare(plan.warmup)
    figures: dict[int, dict[str, list[float]]] = {size: {} for size in pools}
    for round_ in range(plan.rounds):
        even = round_ % 2 == 0
        for size in (list(pools) if even else list(pools)[::-1]):
            for key, value in _one_round(phases[size], bare, plan, bare_first=even).items():
                figures[size].setdefault(key, []).append(value)
    return figures


def _app_phases(pool: Pool, plan: Plan) -> dict[str, Callable]:
    """Readers and writers made, each phase warmed up once; the phases, ready to run."""
    readers = pool.map(lambda _: _reader(pool), range(plan.readers))
    writers = pool.map(lambda _: register(pool.connection()), range(plan.writers))
    for name in READS:
        _reads(pool, readers, READS[name], plan.warmup)
    write_cycle(pool, writers)
    return {
        "enrollment": lambda seconds: _reads(pool, readers, READS["enrollment"], seconds),
        "current": lambda seconds: _reads(pool, readers, READS["current"], seconds),
        "writes": lambda _seconds: _writes(pool, writers, plan),
    }


def _one_round(phases: dict[str, Callable], bare: Callable[[float], Phase], plan: Plan,
               bare_first: bool) -> dict[str, float]:
    figures, bare_total = {}, Phase()
    for name, run_app in phases.items():
        slices = 1 if name == "writes" else plan.slices
        base, measured = Phase(), None
        for slice_ in range(slices):  # bare, app, app, bare, bare, app...: both see the same drift
            first = bare_first == (slice_ % 2 == 0)
            if first:
                base.add(bare(plan.seconds / slices))
            app = run_app(plan.seconds / slices)
            measured = app if measured is None else measured.add(app)
            if not first:
                base.add(bare(plan.seconds / slices))
        bare_total.add(base)
        kinds = measured if isinstance(measured, dict) else {name: measured}
        if name == "writes":
            mix = Phase()
            for phase in kinds.values():
                mix.add(phase)
            figures.update(_relative("writes", mix, base, latency=False))
            kinds = {kind: kinds[kind] for kind in WRITE_KINDS}
        for kind, phase in kinds.items():
            figures.update(_relative(kind, phase, base, throughput=name != "writes"))
    figures.update(_absolute("bare", bare_total))
    return figures


def _relative(name: str, phase: Phase, base: Phase, *, throughput: bool = True, latency: bool = True) -> dict:
    figures = {f"{name}.cpu_ms": phase.cpu_ms, f"{name}.cpu_ratio": phase.cpu_ms / base.cpu_ms}
    if throughput:
        figures |= {f"{name}.rps": phase.rate, f"{name}.throughput_ratio": phase.rate / base.rate}
    if latency:
        figures |= {f"{name}.p50_ms": phase.p50_ms, f"{name}.p95_ms": phase.percentile_ms(0.95)}
    return figures


def _absolute(name: str, phase: Phase) -> dict:
    return {f"{name}.rps": phase.rate, f"{name}.cpu_ms": phase.cpu_ms, f"{name}.p50_ms": phase.p50_ms,
            f"{name}.p95_ms": phase.percentile_ms(0.95)}


def _reader(pool: Pool) -> Lifter:
    """A lifter in the middle of a workout: what GET enrollment and GET current then answer."""
    conn = pool.connection()
    lifter = register(conn)
    start(conn, lifter)
    log_next_set(conn, lifter)
    return lifter


def _reads(pool: Pool, lifters: list, path_of: Callable, seconds: float) -> Phase:
    def one(conn, n: int) -> None:
        lifter = lifters[n % len(lifters)]
        status = conn.status(path_of(lifter), lifter.token if lifter else None)
        if status != 200:
            raise UnexpectedAnswer(f"GET {path_of(lifter)}: {status}")
    return pool.loop(seconds, one)


def _writes(pool: Pool, writers: list[Lifter], plan: Plan) -> dict[str, Phase]:
    """Whole write cycles (every writer starts, logs every set, finishes) for at least ``seconds``
    and until each kind of write has used ``min_cpu_ticks`` of worker CPU."""
    kinds: dict[str, Phase] = {}
    deadline, least_cpu = time.perf_counter() + plan.seconds, plan.min_cpu_ticks / TICKS_PER_SECOND
    for _ in range(plan.max_write_cycles):
        for kind, phase in write_cycle(pool, writers).items():
            kinds.setdefault(kind, Phase()).add(phase)
        if time.perf_counter() >= deadline and min(kinds[kind].cpu_seconds for kind in WRITE_KINDS) >= least_cpu:
            break
    return kinds
