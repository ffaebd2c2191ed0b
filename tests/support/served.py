"""``powerpro serve`` as a real process, for tests of what only a real server shows (gunicorn's
own parsing, several servers, reloads): a port of its own, its output in a file (a pipe nobody
reads fills up and stalls the server), HTTP answers, and a bounded wait for it to come up.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from engine.accounts import FAST_HASHING_ENV

PORTS = range(18200, 18300)  # the ports these tests may bind (127.0.0.1 only), probed before use
START_TIMEOUT = 60.0
STOP_TIMEOUT = 20.0
STREAM_LIMIT = 60.0  # seconds a request stream runs at most


@dataclass(frozen=True)
class Answer:
    status: int
    body: Any
    seconds: float


@dataclass
class Served:
    process: subprocess.Popen
    port: int
    log_path: Path

    @property
    def address(self) -> tuple[str, int]:
        return "127.0.0.1", self.port

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

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


class RequestStream:
    """GET /health one after another from a thread, as a client would, until stopped (or for
    ``STREAM_LIMIT`` seconds); each answer with the version of ``program`` it reports."""

    def __init__(self, server: Served, program: str) -> None:
        self.server = server
        self.program = program
        self.answers: list[tuple[float, int, str | None]] = []  # (answered at, status, version)
        self.failures: list[str] = []
        self.started_at = self.stopped_at = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> RequestStream:
        self.started_at = time.monotonic()
        self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._stop.set()
        self._thread.join(timeout=STREAM_LIMIT)
        self.stopped_at = time.monotonic()

    def _run(self) -> None:
        deadline = time.monotonic() + STREAM_LIMIT
        while not self._stop.is_set() and time.monotonic() < deadline:
            try:
                answer = self.server.request("GET", "/health", timeout=5)
            except OSError as error:  # refused, reset or timed out: the service did not answer
                self.failures.append(repr(error))
                time.sleep(0.01)
                continue
            version = answer.body.get("specs", {}).get("programs", {}).get(self.program)
            self.answers.append((time.monotonic(), answer.status, version))
            time.sleep(0.01)

    def wait_for_version(self, version: str, timeout: float = STREAM_LIMIT / 2) -> None:
        deadline = time.monotonic() + timeout
        while not (self.answers and self.answers[-1][2] == version):
            assert time.monotonic() < deadline, f"never served version {version}:\n{self.server.log()}"
            time.sleep(0.05)

    def longest_gap(self) -> float:
        """The longest time without a 200 answer, from the start to the end of the stream."""
        times = [self.started_at, *(answered for answered, status, _ in self.answers if status == 200), self.stopped_at]
        return max(later - earlier for earlier, later in zip(times, times[1:], strict=False))


def stop_all(servers: list[Served]) -> None:
    """Asks every server to stop first, then waits: their shutdowns overlap."""
    for server in servers:
        if server.process.poll() is None:
            server.process.send_signal(signal.SIGTERM)
    for server in servers:
        server.stop()


def start_server(database_url: str, log_dir: Path, *, workers: int = 2, port: int | None = None,
                 env: dict[str, str] | None = None, source: Path | None = None) -> Served:
    """``powerpro serve`` in a subprocess; returns at once (``wait_until_up`` waits). ``source``:
    another checkout whose code to run (the benchmark compares two)."""
    port = port or free_port()
    log_path = log_dir / f"serve-{port}.log"
    environment = {**os.environ, "DATABASE_URL": database_url, FAST_HASHING_ENV: "1", **(env or {})}
    if source is not None:
        environment["PYTHONPATH"] = str(source)
    with log_path.open("wb") as log_file:
        process = subprocess.Popen(
            [sys.executable, "-c", "from cli.main import cli; cli()", "serve", "--port", str(port),
             "--workers", str(workers)],
            env=environment, stdout=log_file, stderr=subprocess.STDOUT, cwd=source,
        )
    return Served(process, port, log_path)


@contextlib.contextmanager
def serving(database_url: str, log_dir: Path, **options: Any) -> Iterator[Served]:
    """``start_server`` until the block ends, yielded once it answers. Its own "Listening" line
    first: on a shared machine another process may hold the port for a moment (gunicorn retries
    the bind), and that one's /health must not count as ours."""
    server = start_server(database_url, log_dir, **options)
    try:
        server.wait_for_log(f"Listening at: {server.base} ")
        server.wait_until_up()
        yield server
    finally:
        server.stop()


@contextlib.contextmanager
def powerpro_serve(database_url: str, workers: int = 1) -> Iterator[tuple[str, int]]:
    """Serve ``database_url`` (already migrated); yield (host, port) once it answers."""
    with tempfile.TemporaryDirectory(prefix="powerpro-serve-") as log_dir:
        server = start_server(database_url, Path(log_dir), workers=workers)
        try:
            server.wait_until_up()
            yield server.address
        finally:
            server.stop()


def raw_exchange(address: tuple[str, int], request: bytes) -> tuple[int, dict[str, str], bytes]:
    """Send ``request`` bytes as they are; read the answer until the server closes: (status, headers, body)."""
    with socket.create_connection(address, timeout=10) as sock:
        sock.sendall(request)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    head, _, body = b"".join(chunks).partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    headers = {name.lower(): value.strip() for name, _, value in (line.partition(":") for line in header_lines)}
    return int(status_line.split()[1]), headers, body


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
