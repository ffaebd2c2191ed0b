"""gunicorn's sync workers against gthread workers, each behind nginx with upstream keep-alive.

Both topologies (nginx -> one `powerpro serve`, 2 workers, one PostgreSQL database each) run
side by side and are measured in interleaved rounds by one keep-alive threaded client, so the
ratio holds on a noisy machine. Prints requests per second, p50/p99 latency and the ratio.

    .venv/bin/python bench/behind_nginx.py [--rounds 6] [--requests 400] [--clients 8]
"""

from __future__ import annotations

import argparse
import http.client
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from deploy.local import Topology, fresh_postgres_database  # noqa: E402
from deploy.scenario import register_lifter  # noqa: E402

CLASSES = ("sync", "gthread")


def _round(topology: Topology, path: str, token: str, requests: int, clients: int) -> tuple[float, list[float]]:
    latencies: list[float] = []
    lock = threading.Lock()

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", topology.port, timeout=10)
        mine = []
        for _ in range(requests // clients):
            started = time.perf_counter()
            conn.request("GET", path, headers={"Authorization": f"Bearer {token}"})
            response = conn.getresponse()
            response.read()
            assert response.status == 200, response.status
            mine.append(time.perf_counter() - started)
        conn.close()
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return len(latencies) / (time.perf_counter() - started), latencies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--clients", type=int, default=8)
    args = parser.parse_args()
    topologies = {
        name: Topology(fresh_postgres_database(f"powerpro_bench_{name}"), instances=1,
                       server_env={"POWERPRO_WORKER_CLASS": name, "POWERPRO_LOG": "json:warning"})
        for name in CLASSES
    }
    try:
        for topology in topologies.values():
            topology.up()
        targets = {}
        for name, topology in topologies.items():
            lifter = register_lifter(topology)
            targets[name] = (f"/users/{lifter.id}/maxes", lifter.token)
        rates: dict[str, list[float]] = {name: [] for name in CLASSES}
        latencies: dict[str, list[float]] = {name: [] for name in CLASSES}
        for round_number in range(args.rounds):
            order = CLASSES if round_number % 2 == 0 else tuple(reversed(CLASSES))
            for name in order:
                rate, lat = _round(topologies[name], *targets[name], args.requests, args.clients)
                rates[name].append(rate)
                latencies[name].extend(lat)
        _report(rates, latencies, args)
    finally:
        for topology in topologies.values():
            topology.down()


def _report(rates: dict[str, list[float]], latencies: dict[str, list[float]], args) -> None:
    print(f"GET /users/{{id}}/maxes through nginx, {args.clients} keep-alive clients, "
          f"{args.rounds} interleaved rounds of {args.requests} requests")
    for name in CLASSES:
        ordered = sorted(latencies[name])
        print(f"  {name:8} {statistics.median(rates[name]):7.0f} req/s (min {min(rates[name]):.0f}, "
              f"max {max(rates[name]):.0f})  p50 {ordered[len(ordered) // 2] * 1000:5.1f} ms  "
              f"p99 {ordered[int(len(ordered) * 0.99)] * 1000:5.1f} ms")
    ratios = [g / s for g, s in zip(rates["gthread"], rates["sync"], strict=True)]
    print(f"  gthread / sync throughput: median {statistics.median(ratios):.2f} "
          f"(rounds {min(ratios):.2f}-{max(ratios):.2f})")


if __name__ == "__main__":
    main()
