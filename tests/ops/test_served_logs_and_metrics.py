"""Under `powerpro serve` (gunicorn, two workers): JSON log lines, one per request with its id,
and Prometheus metrics that add up the workers, on their own port and not on the API's."""

from __future__ import annotations

import json
import re

import pytest

from deploy.processes import Served, call, free_port
from engine.db.migrations import Migrator
from tests.conftest import new_database
from tests.support.http import DEFAULT_PASSWORD

HEALTH_CALLS = 12


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    url = new_database("sqlite", "observed", tmp_path_factory)
    migrator = Migrator(url)
    migrator.apply()
    migrator.close()
    metrics_port = free_port()
    server = Served(url, workers=2, env={"POWERPRO_LOG": "json:info", "POWERPRO_METRICS_PORT": str(metrics_port)})
    try:
        server.wait_until_up()
        yield server, f"http://127.0.0.1:{metrics_port}/metrics"
    finally:
        server.close()


def _sample(exposition: str, name: str, **labels: str) -> float:
    """The value of one sample, summed over the label sets that include ``labels``."""
    total = 0.0
    for line in exposition.splitlines():
        match = re.fullmatch(rf"{name}\{{(.*)\}} (\S+)", line)
        if match and all(f'{key}="{value}"' in match.group(1) for key, value in labels.items()):
            total += float(match.group(2))
    return total


def test_metrics_add_up_every_worker_and_count_transitions_and_refusals(served):
    server, metrics_url = served
    before = call("GET", metrics_url)[2]
    for _ in range(HEALTH_CALLS):
        assert call("GET", f"{server.base}/health")[0] == 200
    status, _, body = call("POST", f"{server.base}/auth/register",
                           {"email": "metrics@example.com", "password": DEFAULT_PASSWORD})
    assert status == 201
    assert call("GET", f"{server.base}/users/{body['user']['id']}/maxes")[0] == 401
    after = call("GET", metrics_url)[2]

    health = dict(route="/health", method="GET", status="200")
    assert _sample(after, "powerpro_http_requests_total", **health) - _sample(
        before, "powerpro_http_requests_total", **health) == HEALTH_CALLS
    assert _sample(after, "powerpro_http_request_duration_seconds_count", **health) >= HEALTH_CALLS
    assert _sample(after, "powerpro_refusals_total", code="unauthenticated", status="401") >= 1


def test_the_api_port_does_not_serve_metrics(served):
    server, _ = served
    status, _, problem = call("GET", f"{server.base}/metrics")
    assert (status, problem["code"]) == (404, "not_found")


def test_every_log_line_is_json_and_each_request_has_one_line_with_its_id(served):
    server, _ = served
    status, headers, _ = call("GET", f"{server.base}/health", headers={"X-Request-ID": "served-trace-1"})
    assert status == 200 and headers["X-Request-ID"] == "served-trace-1"
    lines = [line for line in server.output().splitlines() if line.startswith("{")]
    records = [json.loads(line) for line in lines]
    assert records, server.output()
    mine = [record for record in records if record.get("request_id") == "served-trace-1"]
    assert len(mine) == 1
    assert {"time", "level", "logger", "method", "route", "status", "duration_ms"} <= set(mine[0])
    assert (mine[0]["route"], mine[0]["status"], mine[0]["logger"]) == ("/health", 200, "powerpro.access")
    non_json = [line for line in server.output().splitlines() if line and not line.startswith("{")]
    assert non_json == ["powerpro: serving " + server.base + " with 2 worker(s)"]
