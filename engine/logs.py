"""Logging for the service: one format and level from ``POWERPRO_LOG``, and on every line the
id of the request being served.

``POWERPRO_LOG`` is ``FORMAT[:LEVEL]``: ``json`` (one JSON object per line, for log shippers)
or ``text`` (for a terminal), and a standard level name (default ``info``). The request id
travels in a context variable, so a log line written anywhere below the API (a handler, the
bus, a retry) carries the id of the request that caused it without passing it around.
"""

from __future__ import annotations

import contextvars
import logging
import logging.config
import time
from dataclasses import dataclass
from typing import Any

from pythonjsonlogger.json import JsonEncoder, JsonFormatter

from . import json_codec

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
    """python-json-logger's lines: its fields in its order, each value in its form, encoded by the
    service's one JSON codec (orjson: without the spaces, non-ASCII text as itself), with the
    text of the current second made once (``formatTime``'s localtime and strftime). Every served
    request writes an access line: the standard library's encoder, a class of python-json-logger's
    built per line, and the time's text were most of formatting it, a tenth of a read's CPU."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        encoder = JsonEncoder()  # python-json-logger's forms of what JSON has none for (a datetime...)
        super().__init__(*args, json_serializer=lambda data, **_: json_codec.dump_bytes(data, encoder.default).decode(),
                         **kwargs)
        self._second: tuple[int, str] = (-1, "")

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:  # noqa: N802 - logging's name
        if datefmt or not self.default_msec_format:
            return super().formatTime(record, datefmt)
        second, text = self._second  # one tuple, read and replaced whole: threads share the formatter
        if second != int(record.created):
            second = int(record.created)
            text = time.strftime(self.default_time_format, self.converter(record.created))
            self._second = (second, text)
        return self.default_msec_format % (text, record.msecs)


_TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"
_JSON_FIELDS = "%(asctime)s %(levelname)s %(name)s %(message)s"


def logging_config(setting: LogSetting) -> dict[str, Any]:
    """A ``logging.config.dictConfig`` document; gunicorn takes the same one (``logconfig_dict``),
    so its own lines (worker boots, signals) come out in the same format."""
    formatter = (
        {
            "()": "engine.logs.JsonLines",
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
