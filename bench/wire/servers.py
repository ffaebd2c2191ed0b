"""The two servers a wire run compares, and the CPU their gunicorn workers spend.

Both run as real processes on 127.0.0.1: ``powerpro serve`` as it ships (deploy.processes.Served)
and the bare app of bench/bare.py with the same gunicorn options. Worker CPU is read from
``/proc/<pid>/stat`` (utime + stime, every thread of the process) of each child of the master.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from deploy.processes import Served, free_port
from engine.config import PROJECT_ROOT

TICKS_PER_SECOND = os.sysconf("SC_CLK_TCK")
# Every client of the benchmark comes from 127.0.0.1: registering its lifters must not be throttled.
UNTHROTTLED = {"POWERPRO_REGISTRATIONS_PER_ADDRESS": "0"}


class BareServed:
    """bench/bare.py under gunicorn, started like ``Served``; its output in a file."""

    def __init__(self, workers: int) -> None:
        self.port = free_port()
        with tempfile.NamedTemporaryFile(prefix="powerpro-bare-", suffix=".log", delete=False) as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "bench.bare", "--port", str(self.port), "--workers", str(workers)],
                cwd=PROJECT_ROOT, stdout=log, stderr=subprocess.STDOUT,
            )
        self._log_path = log.name

    def wait_until_up(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.output()
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/bare", timeout=2):
                    return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.1)
        raise AssertionError(f"the bare app did not answer within {timeout}s:\n{self.output()}")

    def output(self) -> str:
        return Path(self._log_path).read_text(errors="replace")

    def close(self) -> None:
        stop_now(self.process)
        os.unlink(self._log_path)


def stop_now(process: subprocess.Popen) -> None:
    """gunicorn's quick shutdown (SIGINT): a benchmark's requests are over, nothing to drain."""
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:  # still loading its specs, say: its workers exit with it
            process.kill()
            process.wait()


def start_app(database_url: str, workers: int) -> Served:
    return Served(database_url, workers=workers, env=UNTHROTTLED)


def worker_pids(master: int) -> list[int]:
    """The master's children: gunicorn's workers."""
    pids = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            fields = _stat_fields(int(entry))
            if fields is not None and int(fields[1]) == master:
                pids.append(int(entry))
    return sorted(pids)


def worker_cpu(master: int) -> dict[int, float]:
    """CPU seconds (user + system) each worker of ``master`` has used so far."""
    used = {}
    for pid in worker_pids(master):
        fields = _stat_fields(pid)
        if fields is not None:
            used[pid] = (int(fields[11]) + int(fields[12])) / TICKS_PER_SECOND
    return used


def cpu_between(before: dict[int, float], after: dict[int, float]) -> float:
    """Worker CPU seconds spent between two readings (a worker started in between counts whole)."""
    return sum(seconds - before.get(pid, 0.0) for pid, seconds in after.items())


def _stat_fields(pid: int) -> list[str] | None:
    """/proc/<pid>/stat after the command name: fields[0] is the state, [1] the ppid, [11] utime, [12] stime."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as stat:
            raw = stat.read()
    except OSError:  # the process ended while we looked
        return None
    return raw[raw.rindex(")") + 2:].split()
