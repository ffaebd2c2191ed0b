"""Every request gets an id (the client's, when sane), echoed in the answer, carried by its
problem body and by its log line; the log line says what an operator needs."""

from __future__ import annotations

import json
import logging

import pytest

from api.telemetry import REQUEST_ID_HEADER
from engine import logs
from tests.support.http import assert_problem

pytestmark = pytest.mark.usefixtures("lifts")


def _access_records(caplog) -> list[logging.LogRecord]:
    return [record for record in caplog.records if record.name == "powerpro.access"]


def test_a_request_id_is_made_and_echoed_when_the_client_sends_none(client):
    first = client.get("/health").headers[REQUEST_ID_HEADER]
    second = client.get("/health").headers[REQUEST_ID_HEADER]
    assert len(first) == 32 and int(first, 16) >= 0
    assert first != second


def test_the_clients_request_id_is_kept_and_an_unsafe_one_replaced(client):
    kept = client.request("GET", "/health", headers={REQUEST_ID_HEADER: "app-7f3a.42"})
    assert kept.headers[REQUEST_ID_HEADER] == "app-7f3a.42"
    unsafe = client.request("GET", "/health", headers={REQUEST_ID_HEADER: "x" * 200})
    assert unsafe.headers[REQUEST_ID_HEADER] != "x" * 200
    assert len(unsafe.headers[REQUEST_ID_HEADER]) == 32


def test_a_problem_carries_the_request_id_of_its_answer(client):
    result = client.request("GET", "/users/nobody/maxes", headers={REQUEST_ID_HEADER: "trace-1"})
    problem = assert_problem(result, 401, "unauthenticated")
    assert problem["request_id"] == "trace-1" == result.headers[REQUEST_ID_HEADER]


def test_one_access_record_per_request_with_route_status_user_and_code(client, caplog):
    caplog.set_level(logging.INFO, logger="powerpro.access")
    lifter = client.register()
    client.contract  # noqa: B018 - fetched once now, so its own request is not among the records
    caplog.clear()
    client.get(f"/users/{lifter.id}/maxes", token=lifter.token, headers={REQUEST_ID_HEADER: "ok-1"})
    client.get("/users/someone-else/maxes", token=lifter.token, headers={REQUEST_ID_HEADER: "refused-1"})
    fine, refused = _access_records(caplog)
    assert (fine.request_id, fine.route, fine.status, fine.user_id, fine.error_code) == (
        "ok-1", "/users/{user_id}/maxes", 200, lifter.id, None,
    )
    assert (refused.request_id, refused.status, refused.error_code) == ("refused-1", 403, "forbidden")
    assert refused.method == "GET" and refused.duration_ms >= 0


def test_an_unknown_path_is_logged_under_one_label_not_its_raw_path(client, caplog):
    client.contract  # noqa: B018 - fetched once now, so its own request is not among the records
    caplog.set_level(logging.INFO, logger="powerpro.access")
    client.get("/no/such/thing/12345")
    (record,) = _access_records(caplog)
    assert (record.route, record.status, record.error_code) == ("unmatched", 404, "not_found")


def test_the_json_format_renders_a_record_as_one_json_object_with_its_fields():
    config = logs.logging_config(logs.LogSetting("json", "info"))
    formatter = logging.config.DictConfigurator(config).configure_formatter(config["formatters"]["main"])
    record = logging.LogRecord("powerpro.access", logging.INFO, __file__, 1, "GET %s", ("/health",), None)
    record.request_id, record.status = "abc", 200
    line = json.loads(formatter.format(record))
    assert line["message"] == "GET /health"
    assert (line["level"], line["logger"], line["request_id"], line["status"]) == (
        "INFO", "powerpro.access", "abc", 200,
    )
    assert "time" in line


@pytest.mark.parametrize("raw, expected", [
    (None, ("json", "info")), ("text", ("text", "info")), ("JSON:Debug", ("json", "debug")),
])
def test_the_log_setting_names_a_format_and_a_level(raw, expected):
    setting = logs.LogSetting.parse(raw)
    assert (setting.format, setting.level) == expected


@pytest.mark.parametrize("raw", ["xml", "json:loud", "text:info:extra"])
def test_a_wrong_log_setting_is_refused_with_what_it_may_be(raw):
    with pytest.raises(logs.LogSettingError, match="FORMAT"):
        logs.LogSetting.parse(raw)
