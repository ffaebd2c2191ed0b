"""Real `powerpro serve` processes and a plain HTTP client: for the local deployment and the
tests that need gunicorn, workers and sockets."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass, field
from email.message import Message

from engine.accounts import FAST_HASHING_ENV


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Served:
    """One `powerpro serve`; its combined output lands in a file, read with ``output()``."""

    database_url: str
    workers: int = 2
    env: Mapping[str, str] = field(default_factory=dict)
    port: int = field(default_factory=free_port)

    def __post_init__(self) -> None:
        environ = {**os.environ, "DATABASE_URL": self.database_url, FAST_HASHING_ENV: "1", **self.env}
        # The child writes to its own copy of the descriptor, so ours closes once it is started.
        with tempfile.NamedTemporaryFile(prefix="powerpro-serve-", suffix=".log", delete=False) as log:
            self.process = subprocess.Popen(
                [sys.executable, "-c", "from cli.main import cli; cli()", "serve", "--port", str(self.port),
                 "--workers", str(self.workers)],
                env=environ, stdout=log, stderr=subprocess.STDOUT,
            )
        self._log_path = log.name

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def wait_until_up(self, timeout: float = 60) -> dict:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.output()
            try:
                with urllib.request.urlopen(f"{self.base}/health", timeout=2) as response:
                    return json.load(response)
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.2)  # workers still booting
        raise AssertionError(f"{self.base} did not answer within {timeout}s:\n{self.output()}")

    def stop(self) -> str:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=30)
        return self.output()

    def output(self) -> str:
        with open(self._log_path, encoding="utf-8", errors="replace") as log:
            return log.read()

    def close(self) -> None:
        self.stop()
        os.unlink(self._log_path)


def call(method: str, url: str, body: object | None = None, headers: Mapping[str, str] | None = None,
         timeout: float = 10) -> tuple[int, Message, object]:
    """One HTTP exchange: (status, headers, parsed JSON body or text)."""
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method,
                                     headers={"Content-Type": "application/json", **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.headers, _parsed(response.read())
    except urllib.error.HTTPError as refused:
        return refused.code, refused.headers, _parsed(refused.read())


def _parsed(raw: bytes) -> object:
    try:
        return json.loads(raw) if raw else None
    except ValueError:
        return raw.decode(errors="replace")
