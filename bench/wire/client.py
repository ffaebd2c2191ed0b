"""The benchmark's HTTP client: keep-alive connections (``http.client``, one per thread), a
closed loop of requests for a number of seconds on several threads, and what a phase measured.
"""

from __future__ import annotations

import http.client
import json
import statistics
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from .servers import cpu_between, worker_cpu


class UnexpectedAnswer(AssertionError):
    """A request the benchmark expected to succeed did not: the run stops and says which."""


@dataclass
class Answer:
    status: int
    body: object


class Connection:
    """One keep-alive HTTP/1.1 connection; reopened when the server closed it while idle."""

    def __init__(self, port: int) -> None:
        self.port = port
        self._conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def request(self, method: str, path: str, token: str | None = None, body: object = None) -> Answer:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        self._conn.request(method, path, body=data, headers=headers)
        response = self._conn.getresponse()
        raw = response.read()
        if response.will_close:
            self._conn.close()  # http.client reconnects on the next request
        return Answer(response.status, json.loads(raw) if raw else None)

    def status(self, path: str, token: str | None = None) -> int:
        """GET ``path``; only the status: a throughput loop spends no client time decoding bodies."""
        self._conn.request("GET", path, headers={"Authorization": f"Bearer {token}"} if token else {})
        response = self._conn.getresponse()
        response.read()
        if response.will_close:
            self._conn.close()
        return response.status

    def expect(self, status: int, method: str, path: str, token: str | None = None, body: object = None) -> object:
        answer = self.request(method, path, token, body)
        if answer.status != status:
            raise UnexpectedAnswer(f"{method} {path}: {answer.status} (expected {status}): {answer.body}")
        return answer.body

    def close(self) -> None:
        self._conn.close()


@dataclass
class Phase:
    """Requests of one kind against one server: count, wall time, worker CPU, latencies."""

    requests: int = 0
    seconds: float = 0.0
    cpu_seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)

    def add(self, other: Phase) -> Phase:
        self.requests += other.requests
        self.seconds += other.seconds
        self.cpu_seconds += other.cpu_seconds
        self.latencies += other.latencies
        return self

    @property
    def rate(self) -> float:
        return self.requests / self.seconds

    @property
    def cpu_ms(self) -> float:
        return self.cpu_seconds * 1000 / self.requests

    def percentile_ms(self, fraction: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))] * 1000

    @property
    def p50_ms(self) -> float:
        return statistics.median(self.latencies) * 1000


class Pool:
    """``threads`` client threads, each with its own keep-alive connection to one server."""

    def __init__(self, port: int, master_pid: int, threads: int) -> None:
        self.port, self.master_pid, self.threads = port, master_pid, threads
        self._local = threading.local()
        self._opened: list[Connection] = []
        self._executor = ThreadPoolExecutor(threads, thread_name_prefix=f"bench-{port}")

    def connection(self) -> Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._local.conn = Connection(self.port)
            self._opened.append(conn)
        return conn

    def measured(self, work: Callable[[], list[float]]) -> Phase:
        """Run ``work`` (which returns its requests' latencies) with the workers' CPU read around it."""
        self.reconnect()
        cpu_before, started = worker_cpu(self.master_pid), time.perf_counter()
        latencies = work()
        seconds, cpu_after = time.perf_counter() - started, worker_cpu(self.master_pid)
        return Phase(len(latencies), seconds, cpu_between(cpu_before, cpu_after), latencies)

    def loop(self, seconds: float, request: Callable[[Connection, int], None]) -> Phase:
        """Every thread sends ``request(connection, n)`` back to back for ``seconds``."""
        def one_thread(thread: int) -> list[float]:
            conn, latencies, deadline = self.connection(), [], time.perf_counter() + seconds
            n = thread
            while time.perf_counter() < deadline:
                sent = time.perf_counter()
                request(conn, n)
                latencies.append(time.perf_counter() - sent)
                n += self.threads
            return latencies
        return self.measured(lambda: [t for ts in self.map(one_thread, range(self.threads)) for t in ts])

    def reconnect(self) -> None:
        """Close every connection (the threads are idle): gunicorn drops a connection idle for longer
        than its keep-alive, and a request sent on one it dropped would fail. Each reopens on use."""
        for conn in self._opened:
            conn.close()

    def map(self, function: Callable, items) -> list:
        return list(self._executor.map(function, items))

    def close(self) -> None:
        self._executor.shutdown()
        self.reconnect()
