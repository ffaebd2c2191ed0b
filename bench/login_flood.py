"""A flood of wrong passwords against a real ``powerpro serve``, with the login throttle off
and on: how much it slows ``GET /health`` for everyone else, and how the flood is answered.

    .venv/bin/python bench/login_flood.py                     # 8 threads, 10 s per mode, port 18810
    .venv/bin/python bench/login_flood.py --threads 8 --seconds 20 --port 18811
    .venv/bin/python bench/login_flood.py --database-url postgresql://postgres@127.0.0.1/throwaway

Each mode starts its own server (2 workers, argon2id at its real cost) on 127.0.0.1 on a
database migrated from scratch (a temporary SQLite file unless --database-url names a
throw-away one: its tables are dropped), registers one lifter and measures /health idle,
then again while the threads send wrong passwords for that lifter's email. "off" sets every
limit to 0; "on" uses the defaults. Every loop is bounded in time and in count.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from engine.db.migrations import Migrator  # noqa: E402

EMAIL, PASSWORD = "flooded@example.com", "correct horse battery"
THROTTLE_OFF = {"POWERPRO_LOGIN_FAILURES_PER_ACCOUNT": "0", "POWERPRO_LOGIN_FAILURES_PER_ADDRESS": "0"}
MAX_REQUESTS_PER_THREAD = 20_000
HEALTH_SAMPLES_IDLE = 40


def request(port: int, method: str, path: str, body: dict | None = None) -> tuple[int, float]:
    """(status, seconds) of one request on a fresh connection."""
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        payload = json.dumps(body).encode() if body is not None else None
        connection.request(method, path, body=payload, headers={"Content-Type": "application/json"})
        response = connection.getresponse()
        response.read()
        return response.status, time.perf_counter() - started
    finally:
        connection.close()


def fresh_database(url: str | None) -> str:
    url = url or f"sqlite:///{tempfile.mkdtemp(prefix='powerpro-flood-')}/flood.db"
    migrator = Migrator(url)
    migrator.rollback()
    migrator.apply()
    migrator.close()
    return url


def start_server(url: str, port: int, extra_env: dict[str, str]) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": url, **extra_env}
    env.pop("POWERPRO_INSECURE_FAST_PASSWORD_HASHING", None)  # the real cost is the point
    process = subprocess.Popen(
        [sys.executable, "-c", "from cli.main import cli; cli()", "serve", "--port", str(port), "--workers", "2"],
        env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"powerpro serve exited with {process.returncode}")
        try:
            if request(port, "GET", "/health")[0] == 200:
                return process
        except OSError:
            time.sleep(0.3)
    process.terminate()
    raise SystemExit(f"powerpro serve did not answer on port {port} within 60 s")


def flood(port: int, stop: threading.Event, answers: Counter, lock: threading.Lock) -> None:
    for _ in range(MAX_REQUESTS_PER_THREAD):
        if stop.is_set():
            return
        status, _ = request(port, "POST", "/auth/login", {"email": EMAIL, "password": "wrong password!"})
        with lock:
            answers[status] += 1


def health_latencies(port: int, seconds: float | None = None, count: int | None = None) -> list[float]:
    samples: list[float] = []
    deadline = time.monotonic() + (seconds or 1e9)
    while time.monotonic() < deadline and (count is None or len(samples) < count):
        samples.append(request(port, "GET", "/health")[1])
        time.sleep(0.05)
    return samples


def run_mode(name: str, url: str, port: int, threads: int, seconds: float, extra_env: dict[str, str]) -> dict:
    server = start_server(fresh_database(url), port, extra_env)
    try:
        assert request(port, "POST", "/auth/register", {"email": EMAIL, "password": PASSWORD})[0] == 201
        idle = health_latencies(port, count=HEALTH_SAMPLES_IDLE)
        stop, answers, lock = threading.Event(), Counter(), threading.Lock()
        workers = [threading.Thread(target=flood, args=(port, stop, answers, lock)) for _ in range(threads)]
        for worker in workers:
            worker.start()
        time.sleep(1)  # let the flood build up
        busy = health_latencies(port, seconds=seconds)
        stop.set()
        for worker in workers:
            worker.join(timeout=120)
        right = request(port, "POST", "/auth/login", {"email": EMAIL, "password": PASSWORD})[0]
    finally:
        server.terminate()
        server.wait(timeout=30)
    return {"name": name, "idle": idle, "busy": busy, "answers": dict(answers), "right_password": right}


def p(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))] * 1000


def report(result: dict, seconds: float) -> None:
    idle, busy = result["idle"], result["busy"]
    total = sum(result["answers"].values())
    print(f"throttle {result['name']:>3}: /health idle p50 {p(idle, .5):7.1f} ms p95 {p(idle, .95):7.1f} ms | "
          f"under flood p50 {p(busy, .5):7.1f} ms p95 {p(busy, .95):7.1f} ms "
          f"(x{statistics.median(busy) / statistics.median(idle):.1f} p50) | "
          f"flood {total / (seconds + 1):.0f} req/s, answers {result['answers']} | "
          f"right password after: {result['right_password']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--port", type=int, default=18810)
    parser.add_argument("--database-url", default=None, help="a throw-away database: its tables are dropped")
    args = parser.parse_args()
    results = [run_mode(name, args.database_url, args.port, args.threads, args.seconds, env)
               for name, env in (("off", THROTTLE_OFF), ("on", {}))]
    for result in results:
        report(result, args.seconds)
    off, on = (statistics.median(r["busy"]) for r in results)
    print(f"/health p50 under the flood, throttle off / on: {off / on:.1f}x")


if __name__ == "__main__":
    main()
