"""Logging for the service: one format and level from ``POWERPRO_LOG``, and on every line the
id of the request being served.

``POWERPRO_LOG`` is ``FORMAT[:LEVEL]``: ``json`` (one JSON object per line, for log shippers)
or ``text`` (for a terminal), and a standard level name (default ``info``). The request id
travels in a context variable, so a log line written anywhere below the API (a handler, the
bus, a retry) carries the id of the request that caused it without passing it around.
"""

from __future__ import annotations

import contextvars
import json
import logging
import logging.config
import time
from dataclasses import dataclass
from typing import Any

from pythonjsonlogger.json import JsonFormatter

FORMATS = ("json", "text")
LEVELS = ("debug", "info", "warning", "error", "critical")
DEFAULT = "json:info"

request_id_var: contextvars.ContextVar[str | None] = contextvars.ContextVar("request_id", default=None)


class LogSettingError(ValueError):
    """``POWERPRO_LOG`` names an unknown format or level."""


@dataclass(frozen=True)
class LogSetting:
    format: str
    level: str

    @classmethod
    def parse(cls, raw: str | None) -> LogSetting:
        fmt, _, level = (raw or DEFAULT).strip().lower().partition(":")
        level = level or "info"
        if fmt not in FORMATS or level not in LEVELS:
            raise LogSettingError(
                f"POWERPRO_LOG must be FORMAT[:LEVEL] with FORMAT in {'/'.join(FORMATS)} and LEVEL in "
                f"{'/'.join(LEVELS)}, got {raw!r}"
            )
        return cls(fmt, level)


class RequestIdFilter(logging.Filter):
    """Stamps every record with the current request's id (None outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = request_id_var.get()
        return True


class JsonLines(JsonFormatter):
    """python-json-logger's lines, the same byte for byte, at a quarter less CPU each: a served
    request writes one (its access line), and in a gunicorn worker that line was a quarter of a
    hot read's own CPU, its formatting half of it.

    The same fields in the same order: one encoder made once instead of one per line, the
    record's extra fields picked in one pass, the second's text made once per second."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # json.dumps(data, cls=..., default=..., indent=..., ensure_ascii=...) makes this per call.
        self._encoder = self.json_encoder(default=self.json_default, indent=self.json_indent,
                                          ensure_ascii=self.json_ensure_ascii)
        self._second: tuple[int, str] = (-1, "")
        # What add_fields adds beyond the required fields and the record's extras: nothing here.
        self._plain = not (self.defaults or self.static_fields or self.timestamp or self.rename_fields_keep_missing)

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:
        if datefmt or self.converter is not time.localtime:
            return super().formatTime(record, datefmt)
        whole = int(record.created)  # as time.localtime truncates it
        second, text = self._second  # one tuple: threads never see a second with another's text
        if second != whole:
            text = time.strftime(self.default_time_format, time.localtime(whole))
            self._second = (whole, text)
        return self.default_msec_format % (text, record.msecs)

    def add_fields(self, log_data: dict[str, Any], record: logging.LogRecord, message_dict: dict[str, Any]) -> None:
        if not self._plain or message_dict:
            return super().add_fields(log_data, record, message_dict)
        rename, fields, skip = self.rename_fields, record.__dict__, self._skip_fields
        for field in self._required_fields:
            log_data[rename.get(field, field)] = fields.get(field)
        for key, value in fields.items():  # pythonjsonlogger.core.merge_record_extra
            if key not in skip and not (hasattr(key, "startswith") and key.startswith("_")):
                log_data[rename.get(key, key)] = value
        return None

    def jsonify_log_record(self, log_data: dict[str, Any]) -> str:
        if self.json_serializer is not json.dumps:
            return super().jsonify_log_record(log_data)
        return self._encoder.encode(log_data)


_TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"
_JSON_FIELDS = "%(asctime)s %(levelname)s %(name)s %(message)s"


def logging_config(setting: LogSetting) -> dict[str, Any]:
    """A ``logging.config.dictConfig`` document; gunicorn takes the same one (``logconfig_dict``),
    so its own lines (worker boots, signals) come out in the same format."""
    formatter = (
        {
            "()": JsonLines,
            "fmt": _JSON_FIELDS,
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        }
        if setting.format == "json"
        else {"format": _TEXT_FORMAT}
    )
    handler = {
        "class": "logging.StreamHandler",
        "stream": "ext://sys.stderr",
        "formatter": "main",
        "filters": ["request_id"],
    }
    level = setting.level.upper()
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": RequestIdFilter}},
        "formatters": {"main": formatter},
        "handlers": {"main": handler},
        "root": {"handlers": ["main"], "level": level},
        "loggers": {
            "gunicorn.error": {"handlers": ["main"], "level": level, "propagate": False},
            # Requests are logged by the API's own middleware, with what gunicorn cannot know.
            "gunicorn.access": {"handlers": [], "level": "CRITICAL", "propagate": False},
        },
    }


def configure(raw: str | None) -> LogSetting:
    setting = LogSetting.parse(raw)
    logging.config.dictConfig(logging_config(setting))
    return setting
