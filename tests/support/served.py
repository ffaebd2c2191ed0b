"""``powerpro serve`` (gunicorn) in a subprocess, for tests that need a real HTTP server."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator

from engine.accounts import FAST_HASHING_ENV


@contextlib.contextmanager
def powerpro_serve(database_url: str, workers: int = 1) -> Iterator[tuple[str, int]]:
    """Serve ``database_url`` (already migrated) on a free local port; yield (host, port) once it answers."""
    port = free_port()
    env = {**os.environ, "DATABASE_URL": database_url, FAST_HASHING_ENV: "1"}
    process = subprocess.Popen(
        [sys.executable, "-c", "from cli.main import cli; cli()", "serve", "--host", "127.0.0.1",
         "--port", str(port), "--workers", str(workers)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    try:
        wait_until_healthy(f"http://127.0.0.1:{port}/health", process)
        yield "127.0.0.1", port
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_healthy(url: str, process: subprocess.Popen, timeout: float = 60) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, process.stdout.read().decode()
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return json.load(response)
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)  # workers still booting
    raise AssertionError(f"{url} did not answer within {timeout}s")


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
