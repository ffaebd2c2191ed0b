"""The service's Prometheus metrics, in one place.

The metric objects are made on first use, not at import: under `powerpro serve` each gunicorn
worker writes its samples to files in ``PROMETHEUS_MULTIPROC_DIR`` (prometheus_client's
multiprocess mode, so the workers add up), and prometheus_client reads that variable when a
metric is made, which must be after `serve` has set it.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable
from functools import cache
from types import SimpleNamespace

# Request latencies of a few ms (reads) to a second (a contended write with retries).
_LATENCY_BUCKETS = (0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)


@cache
def _metrics() -> SimpleNamespace:
    from prometheus_client import Counter, Histogram

    return SimpleNamespace(
        requests=Counter("powerpro_http_requests", "HTTP requests answered",
                         ["method", "route", "status"]),
        latency=Histogram("powerpro_http_request_duration_seconds", "Time to answer an HTTP request",
                          ["method", "route", "status"], buckets=_LATENCY_BUCKETS),
        transitions=Counter("powerpro_transitions", "State machine transitions committed",
                            ["machine", "event"]),
        progressions=Counter("powerpro_progressions_applied", "Progressions applied",
                             ["rule_type"]),
        refusals=Counter("powerpro_refusals", "Requests refused with a problem+json answer, by code",
                         ["code", "status"]),
        database_errors=Counter("powerpro_database_errors", "Database errors, by kind", ["kind"]),
        retries=Counter("powerpro_database_retries", "Units of work retried after a conflict", ["reason"]),
    )


def make_in_this_process() -> None:
    """Make the metrics now, before the process runs threads (a gunicorn worker, just forked):
    ``cache`` does not stop two threads from making them twice, which prometheus_client refuses."""
    _metrics()


def observe_request(method: str, route: str, status: int, seconds: float) -> None:
    counter, histogram = _request_series(method, route, status)
    counter.inc()
    histogram.observe(seconds)


@cache
def _request_series(method: str, route: str, status: int) -> tuple:
    """The request counter and latency histogram of one (method, route, status): looked up once,
    not at every request (``labels`` validates and locks). Bounded: routes are templates."""
    metrics = _metrics()
    labels = (method, route, str(status))
    return metrics.requests.labels(*labels), metrics.latency.labels(*labels)


def count_committed(transitions: Iterable[tuple[str, str | None]], rule_types: Iterable[str]) -> None:
    """What one committed unit of work did: its transitions (machine, event) and progressions."""
    for machine, event in transitions:
        _transition_series(machine, event or "").inc()
    for rule_type in rule_types:
        _progression_series(rule_type).inc()


@cache
def _transition_series(machine: str, event: str):
    """Bounded like the request series: machines and their events are the specs' own names."""
    return _metrics().transitions.labels(machine, event)


@cache
def _progression_series(rule_type: str):
    return _metrics().progressions.labels(rule_type)


def count_refusal(code: str, status: int) -> None:
    _metrics().refusals.labels(code, str(status)).inc()


def count_database_error(kind: str) -> None:
    _metrics().database_errors.labels(kind).inc()


def count_retry(reason: str) -> None:
    _metrics().retries.labels(reason).inc()


def prepare_multiprocess(directory: str) -> None:
    """Before any worker starts: a fresh sample directory (stale files would add old counts)."""
    shutil.rmtree(directory, ignore_errors=True)
    os.makedirs(directory)
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = directory


def serve_exposition(port: int) -> None:
    """In the gunicorn master: the workers' samples, added up, on http://127.0.0.1:PORT/metrics."""
    from prometheus_client import CollectorRegistry, multiprocess, start_http_server

    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry)
    start_http_server(port, addr="127.0.0.1", registry=registry)


def worker_exited(pid: int) -> None:
    """Drop a dead worker's live gauges (its counters stay counted)."""
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(pid)
