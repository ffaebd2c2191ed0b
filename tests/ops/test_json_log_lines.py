"""The JSON log lines are python-json-logger's, its fields in its order and each value in its form:
``engine.logs.JsonLines`` encodes them with the service's JSON codec (orjson: no spaces) and makes
the second's text once."""

from __future__ import annotations

import json
import logging
import logging.config
import sys

import pytest
from pythonjsonlogger.json import JsonFormatter

from engine import logs


def _formatters() -> tuple[logging.Formatter, logging.Formatter]:
    """Ours as the configuration makes it, and python-json-logger's with the same options."""
    config = logs.logging_config(logs.LogSetting("json", "info"))
    options = {key: value for key, value in config["formatters"]["main"].items() if key != "()"}
    return logging.config.DictConfigurator(config).configure_formatter(config["formatters"]["main"]), \
        JsonFormatter(**options)


def _record(created: float, exc_info=None, **extra) -> logging.LogRecord:
    record = logging.getLogger("powerpro.access").makeRecord(
        "powerpro.access", logging.INFO, __file__, 1, "%s %s %s", ("POST", "/workouts/{workout_id}/sets", 201),
        exc_info, "f", {"request_id": "ab" * 16, "status": 201, "duration_ms": 3.21, "user_id": None, **extra})
    record.created, record.msecs = created, (created - int(created)) * 1000
    return record


def _failure():
    try:
        raise ValueError("boom")
    except ValueError:
        return sys.exc_info()


@pytest.mark.parametrize("records", [
    [_record(1_700_000_000.25), _record(1_700_000_000.75), _record(1_700_000_001.0), _record(1_700_000_000.5)],
    [_record(1_764_000_000.999, error_code="not_found", note="\u00e9\u2028", things={1})],
    [_record(1_764_000_000.5, exc_info=_failure())],
])
def test_a_line_is_what_python_json_logger_writes(records):
    ours, theirs = _formatters()
    assert isinstance(ours, logs.JsonLines)
    for record in records:
        line = ours.format(record)
        assert "\n" not in line and ", " not in line.split('"message"')[0]  # one line, orjson's
        assert list(json.loads(line).items()) == list(json.loads(theirs.format(record)).items())
