"""A real ``powerpro serve`` (gunicorn, several worker processes) for black-box tests, and a
small HTTP client for it (stdlib only: each request on its own connection, as a browser
tab or a phone would open them).

    with Server.start(url, specs_dir, workers=4, ports=range(18100, 18200)) as server:
        status, body = server.call("POST", "/auth/register", json={...})
"""

from __future__ import annotations

import http.client
import json
import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from engine.accounts import FAST_HASHING_ENV

POWERPRO = Path(sys.executable).with_name("powerpro")
START_TIMEOUT_SECONDS = 60
REQUEST_TIMEOUT_SECONDS = 60


@dataclass
class Reply:
    status: int
    body: Any
    headers: dict[str, str]


class Server:
    def __init__(self, process: subprocess.Popen, port: int, log_path: Path) -> None:
        self.process, self.port, self.log_path = process, port, log_path

    @classmethod
    def start(cls, database_url: str, specs_dir: Path, *, workers: int, ports: range, log_dir: Path) -> Server:
        """Serve on the first port of ``ports`` that is free (another test run may hold some)."""
        env = {**os.environ, "DATABASE_URL": database_url, "POWERPRO_SPECS": str(specs_dir), FAST_HASHING_ENV: "1"}
        for port in ports:
            if not _free(port):
                continue
            log_path = log_dir / f"server-{port}.log"
            with log_path.open("wb") as log:
                process = subprocess.Popen(
                    [str(POWERPRO), "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)],
                    env=env, stdout=log, stderr=subprocess.STDOUT,
                )
            server = cls(process, port, log_path)
            if server._wait_until_up():
                return server
            server.stop()
        raise RuntimeError(f"no server came up on ports {ports.start}-{ports.stop - 1}; see {log_dir}")

    def _wait_until_up(self) -> bool:
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        # Another test run's server may hold the port that was free a moment ago: until gunicorn
        # says it listens, an answer on the port may be that server's, never this one's.
        listening = f"Listening at: http://127.0.0.1:{self.port} "
        while time.monotonic() < deadline and self.process.poll() is None:
            try:
                if listening in self.log() and self.call("GET", "/health").status == 200:
                    return True
            except OSError:
                pass
            time.sleep(0.2)
        return False

    def connection(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=REQUEST_TIMEOUT_SECONDS)

    def call(self, method: str, path: str, *, token: str | None = None, json_body: Any = None,
             connection: http.client.HTTPConnection | None = None) -> Reply:
        conn = connection or self.connection()
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        payload = None
        if json_body is not None:
            payload = json.dumps(json_body).encode()
            headers["Content-Type"] = "application/json"
        try:
            conn.request(method, path, body=payload, headers=headers)
            response = conn.getresponse()
            raw = response.read()
            body = json.loads(raw) if raw and "json" in (response.getheader("Content-Type") or "") else raw
            return Reply(response.status, body, {k.lower(): v for k, v in response.getheaders()})
        finally:
            conn.close()

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def stop(self) -> None:
        """Stop the server this test started (gunicorn's master stops its workers on SIGTERM)."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()


def _free(port: int) -> bool:
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True
