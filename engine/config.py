"""Settings from the environment, with defaults that run on a laptop.

Every setting is one row of ``SETTINGS``: its variable, default, parser and what it is for.
The ``Settings`` fields, ``powerpro config`` and ``.env.example`` all come from that table,
so a setting cannot exist in one and be missing from the others.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "sqlite:///powerpro.db"
WORKER_CLASSES = ("sync", "gthread")


class SettingError(ValueError):
    """An environment variable holds a value its setting cannot take."""


def _whole_number(raw: str) -> int:
    return int(raw)


def _at_least(minimum: int) -> Callable[[str], int]:
    def parse(raw: str) -> int:
        value = int(raw)
        if value < minimum:
            raise ValueError(f"must be at least {minimum}")
        return value

    return parse


def _worker_class(raw: str) -> str:
    if raw not in WORKER_CLASSES:
        raise ValueError(raw)
    return raw


def _addresses(raw: str) -> tuple[str, ...]:
    return tuple(address.strip() for address in raw.split(",") if address.strip())


def _origins(raw: str) -> tuple[str, ...]:
    """Browser origins as a browser sends them in ``Origin``: scheme://host[:port], no path."""
    origins = _addresses(raw)
    for origin in origins:
        scheme, separator, host = origin.partition("://")
        if scheme not in ("http", "https") or not separator or not host or "/" in host:
            raise ValueError(origin)
    return origins


def _optional_port(raw: str) -> int | None:
    return int(raw) if raw.strip() else None


def _hide_password(url: str) -> str:
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


@dataclass(frozen=True)
class Setting:
    variable: str
    attribute: str
    default: Any
    parse: Callable[[str], Any]
    doc: str
    # How the value is shown by `powerpro config`: secrets are masked.
    shown: Callable[[Any], str] = str


SETTINGS: tuple[Setting, ...] = (
    Setting("DATABASE_URL", "database_url", DEFAULT_DATABASE_URL, str,
            "sqlite:///PATH (embedded, the default) or postgresql://user:password@host:5432/name",
            shown=_hide_password),
    Setting("POWERPRO_HOST", "host", "127.0.0.1", str, "address `powerpro serve` listens on"),
    Setting("PORT", "port", 8000, _whole_number, "port `powerpro serve` listens on"),
    Setting("POWERPRO_WORKERS", "workers", 2, _whole_number, "gunicorn worker processes per server"),
    Setting("POWERPRO_WORKER_CLASS", "worker_class", "gthread", _worker_class,
            "gunicorn worker class: gthread (keeps connections alive, see docs/deployment.md) or sync"),
    Setting("POWERPRO_THREADS", "threads", 4, _whole_number, "threads per gthread worker"),
    Setting("POWERPRO_KEEPALIVE", "keepalive", 5, _whole_number,
            "seconds an idle keep-alive connection stays open (longer than the proxy's upstream keepalive)"),
    Setting("POWERPRO_TOKEN_LIFETIME", "token_lifetime_seconds", 7 * 24 * 3600, _whole_number,
            "seconds a bearer token stays valid"),
    Setting("POWERPRO_LOG", "log", "json:info", str,
            "log format and level: json or text, optionally :debug/:info/:warning/:error"),
    Setting("POWERPRO_METRICS_PORT", "metrics_port", None, _optional_port,
            "port of the Prometheus metrics endpoint on 127.0.0.1 (empty: no metrics endpoint)"),
    # Login and registration throttling (engine/throttle.py); a limit of 0 turns that rule off.
    Setting("POWERPRO_LOGIN_FAILURES_PER_ACCOUNT", "login_failures_per_account", 10, _at_least(0),
            "failed logins for one email per login window (0: no limit)"),
    Setting("POWERPRO_LOGIN_FAILURES_PER_ADDRESS", "login_failures_per_address", 50, _at_least(0),
            "failed logins from one client address per login window (0: no limit)"),
    Setting("POWERPRO_LOGIN_WINDOW", "login_throttle_window", 15 * 60, _at_least(1),
            "seconds a login window lasts, from its first failure"),
    Setting("POWERPRO_REGISTRATIONS_PER_ADDRESS", "registrations_per_address", 20, _at_least(0),
            "registration attempts from one client address per registration window (0: no limit)"),
    Setting("POWERPRO_REGISTRATION_WINDOW", "registration_throttle_window", 3600, _at_least(1),
            "seconds a registration window lasts"),
    Setting("POWERPRO_TRUSTED_PROXIES", "trusted_proxies", (), _addresses,
            "comma-separated addresses of reverse proxies whose X-Forwarded-For names the client (e.g. 127.0.0.1)",
            shown=",".join),
    Setting("POWERPRO_CORS_ORIGINS", "cors_origins", (), _origins,
            "comma-separated browser origins allowed to call the API (e.g. https://app.example.com; "
            "empty: no CORS headers, browsers on other origins are refused)",
            shown=",".join),
    Setting("POWERPRO_SPECS", "specs_dir", PROJECT_ROOT / "specs", Path,
            "directory of the machine and program specs"),
)
_BY_ATTRIBUTE = {setting.attribute: setting for setting in SETTINGS}


def _from_environment(attribute: str, environ: Mapping[str, str] | None = None) -> Any:
    setting = _BY_ATTRIBUTE[attribute]
    raw = (os.environ if environ is None else environ).get(setting.variable)
    if raw is None or raw == "":
        return setting.default
    try:
        return setting.parse(raw)
    except ValueError:
        raise SettingError(f"{setting.variable}: {raw!r} is not valid ({setting.doc})") from None


def _env(attribute: str) -> Any:
    return field(default_factory=lambda: _from_environment(attribute))


@dataclass(frozen=True)
class Settings:
    database_url: str = _env("database_url")
    specs_dir: Path = _env("specs_dir")
    migrations_dir: Path = PROJECT_ROOT / "migrations"
    host: str = _env("host")
    port: int = _env("port")
    workers: int = _env("workers")
    worker_class: str = _env("worker_class")
    threads: int = _env("threads")
    keepalive: int = _env("keepalive")
    token_lifetime_seconds: int = _env("token_lifetime_seconds")
    log: str = _env("log")
    metrics_port: int | None = _env("metrics_port")
    login_failures_per_account: int = _env("login_failures_per_account")
    login_failures_per_address: int = _env("login_failures_per_address")
    login_throttle_window: int = _env("login_throttle_window")
    registrations_per_address: int = _env("registrations_per_address")
    registration_throttle_window: int = _env("registration_throttle_window")
    trusted_proxies: tuple[str, ...] = _env("trusted_proxies")
    cors_origins: tuple[str, ...] = _env("cors_origins")


def settings() -> Settings:
    return Settings()


@dataclass(frozen=True)
class EffectiveSetting:
    setting: Setting
    value: Any
    source: str  # "environment" or "default"

    @property
    def shown(self) -> str:
        return "" if self.value is None else self.setting.shown(self.value)


def effective(environ: Mapping[str, str] | None = None) -> list[EffectiveSetting]:
    """Every setting with the value in force and where it came from (what `powerpro config` prints)."""
    environ = os.environ if environ is None else environ
    return [
        EffectiveSetting(
            setting,
            _from_environment(setting.attribute, environ),
            "environment" if environ.get(setting.variable) else "default",
        )
        for setting in SETTINGS
    ]
