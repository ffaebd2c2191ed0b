"""``powerpro serve`` as a real process, for tests of what only processes show (several servers,
reloads): a port of its own, its output in a file (a pipe nobody reads fills up and stalls the
server), plain HTTP answers, and a bounded wait for it to come up.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from engine.accounts import FAST_HASHING_ENV

PORTS = range(18200, 18300)  # the ports these tests may bind (127.0.0.1 only), probed before use
START_TIMEOUT = 60.0
STOP_TIMEOUT = 20.0


@dataclass(frozen=True)
class Answer:
    status: int
    body: Any
    seconds: float


@dataclass
class Served:
    process: subprocess.Popen
    base: str
    log_path: Path

    def request(self, method: str, path: str, body: Any = None, token: str | None = None,
                timeout: float = 10.0) -> Answer:
        data = None if body is None else json.dumps(body).encode()
        headers = {"Content-Type": "application/json"} if data is not None else {}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        request = urllib.request.Request(self.base + path, data=data, method=method, headers=headers)
        started = time.monotonic()
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return Answer(response.status, json.load(response), time.monotonic() - started)
        except urllib.error.HTTPError as error:
            return Answer(error.code, json.load(error), time.monotonic() - started)

    def wait_until_up(self, timeout: float = START_TIMEOUT) -> dict:
        """The first ``/health`` answer; fails with the server's log if it exits or never answers."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"powerpro serve exited:\n{self.log()}"
            try:
                answer = self.request("GET", "/health", timeout=2)
                if answer.status == 200:
                    return answer.body
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass  # not listening yet, or workers still booting
            time.sleep(0.05)
        raise AssertionError(f"{self.base}/health did not answer within {timeout}s:\n{self.log()}")

    def wait_for_log(self, text: str, timeout: float = START_TIMEOUT) -> None:
        deadline = time.monotonic() + timeout
        while text not in self.log():
            assert time.monotonic() < deadline, f"{text!r} not logged within {timeout}s:\n{self.log()}"
            time.sleep(0.05)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)  # gunicorn: graceful shutdown of every worker
        try:
            self.process.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=STOP_TIMEOUT)


def stop_all(servers: list[Served]) -> None:
    """Asks every server to stop first, then waits: their shutdowns overlap."""
    for server in servers:
        if server.process.poll() is None:
            server.process.send_signal(signal.SIGTERM)
    for server in servers:
        server.stop()


def start_server(database_url: str, log_dir: Path, *, workers: int = 2, port: int | None = None,
                 env: dict[str, str] | None = None) -> Served:
    """``powerpro serve`` in a subprocess; returns at once (``wait_until_up`` waits)."""
    port = port or free_port()
    log_path = log_dir / f"serve-{port}.log"
    environment = {**os.environ, "DATABASE_URL": database_url, FAST_HASHING_ENV: "1", **(env or {})}
    with log_path.open("wb") as log_file:
        process = subprocess.Popen(
            [sys.executable, "-c", "from cli.main import cli; cli()", "serve", "--port", str(port),
             "--workers", str(workers)],
            env=environment, stdout=log_file, stderr=subprocess.STDOUT,
        )
    return Served(process, f"http://127.0.0.1:{port}", log_path)


_next_port = [PORTS.start + 30 * int(os.environ.get("PYTEST_XDIST_WORKER", "gw0")[2:] or 0)]


def free_port() -> int:
    """A port of ``PORTS`` nothing listens on; each xdist worker starts its search elsewhere, so
    two workers do not probe the same port at the same moment."""
    for _ in range(len(PORTS)):
        port = PORTS.start + (_next_port[0] - PORTS.start) % len(PORTS)
        _next_port[0] = port + 1
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise AssertionError(f"no free port in {PORTS.start}-{PORTS.stop - 1}")
