"""``powerpro serve`` as real processes: seconds from launch to the first ``/health`` answer, and
what ``kill -HUP`` after editing a program does under one client sending requests back to back
(requests that failed, the longest time without an answer, whether the master survived).

    .venv/bin/python bench/serve.py                          # this checkout, on SQLite
    .venv/bin/python bench/serve.py --compare /work/main     # and another checkout, with ratios
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/powerpro_bench_serve .venv/bin/python bench/serve.py

Each checkout gets a fresh database (a temporary SQLite file, or DATABASE_URL's database
migrated from scratch: give it a throw-away one) and a copy of specs/ to edit. Servers listen on
127.0.0.1 at ``--port``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.run import fresh_database  # noqa: E402
from engine.config import PROJECT_ROOT  # noqa: E402
from engine.programs.loader import content_hash  # noqa: E402
from tests.support.served import RequestStream, start_server  # noqa: E402

PROGRAM = "stronglifts-5x5"


@dataclass
class Reload:
    failed: int
    longest_gap: float
    new_version_after: float | None  # seconds from HUP to the first answer with the edit; None: never
    master_alive: bool


def measure(source: Path, args, scratch: Path) -> tuple[list[float], list[Reload]]:
    url = fresh_database(os.environ.get("DATABASE_URL"))
    specs = scratch / "specs"
    shutil.copytree(PROJECT_ROOT / "specs", specs)
    starts = [_start_seconds(source, url, specs, scratch, args) for _ in range(args.starts)]
    reloads = _reloads(source, url, specs, scratch, args)
    return starts, reloads


def _start_seconds(source: Path, url: str, specs: Path, scratch: Path, args) -> float:
    launched = time.monotonic()
    server = start_server(url, scratch, workers=args.workers, port=args.port, env={"POWERPRO_SPECS": str(specs)},
                          source=source)
    try:
        server.wait_until_up()
        return time.monotonic() - launched
    finally:
        server.stop()


def _reloads(source: Path, url: str, specs: Path, scratch: Path, args) -> list[Reload]:
    server = start_server(url, scratch, workers=args.workers, port=args.port, env={"POWERPRO_SPECS": str(specs)},
                          source=source)
    program = specs / "programs" / f"{PROGRAM}.yaml"
    results = []
    try:
        server.wait_until_up()
        for round_ in range(args.reloads):
            with program.open("a") as edited:
                edited.write(f"# benchmark edit {round_}\n")
            results.append(_one_reload(server, content_hash(program.read_bytes()), args.settle))
            if not results[-1].master_alive:
                break
    finally:
        server.stop()
    return results


def _one_reload(server, version: str, settle: float) -> Reload:
    with RequestStream(server, PROGRAM) as stream:
        time.sleep(0.3)
        sent = time.monotonic()
        server.process.send_signal(signal.SIGHUP)
        deadline = sent + settle
        seen = None
        while time.monotonic() < deadline and server.process.poll() is None:
            if seen is None:
                seen = next((at - sent for at, _, served in stream.answers if served == version and at > sent), None)
            time.sleep(0.05)
    return Reload(len(stream.failures), stream.longest_gap(), seen, server.process.poll() is None)


def report(name: str, starts: list[float], reloads: list[Reload]) -> dict[str, float]:
    survived = sum(r.master_alive for r in reloads)
    figures = {
        "start": statistics.median(starts),
        "gap": max(r.longest_gap for r in reloads),
        "failed": sum(r.failed for r in reloads),
    }
    applied = [r.new_version_after for r in reloads if r.new_version_after is not None]
    print(f"{name}:")
    print(f"  launch to first /health answer: median {figures['start']:.2f} s of {len(starts)} "
          f"({', '.join(f'{s:.2f}' for s in starts)})")
    served = f"median {statistics.median(applied):.2f} s after the HUP" if applied else "never"
    print(f"  kill -HUP x{len(reloads)}: master survived {survived}/{len(reloads)}, failed requests "
          f"{figures['failed']}, longest time without an answer {figures['gap']:.2f} s, edit served {served}")
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--compare", type=Path, help="another checkout to measure the same way (e.g. /work/main)")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--starts", type=int, default=3, help="launches timed per checkout")
    parser.add_argument("--reloads", type=int, default=4, help="HUPs per checkout")
    parser.add_argument("--settle", type=float, default=8.0, help="seconds watched after each HUP")
    parser.add_argument("--port", type=int, default=18290)
    args = parser.parse_args()

    measured = {}
    for name, source in (("this checkout", PROJECT_ROOT), (str(args.compare), args.compare)):
        if source is None:
            continue
        with tempfile.TemporaryDirectory(prefix="powerpro-bench-serve-") as scratch:
            measured[name] = report(name, *measure(source.resolve(), args, Path(scratch)))
    if args.compare:
        ours, theirs = measured["this checkout"], measured[str(args.compare)]
        print(f"ratio {args.compare} / this checkout: start {theirs['start'] / ours['start']:.1f}x, "
              f"longest gap {theirs['gap'] / max(ours['gap'], 1e-3):.1f}x")


if __name__ == "__main__":
    main()
