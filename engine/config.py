"""Settings from the environment, with defaults that run on a laptop."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "sqlite:///powerpro.db"


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise SystemExit(f"{name} must be a whole number, got {raw!r}") from None


def _env_count(name: str, default: int, minimum: int = 0) -> int:
    value = _env_int(name, default)
    if value < minimum:
        raise SystemExit(f"{name} must be at least {minimum}, got {value}")
    return value


@dataclass(frozen=True)
class Settings:
    database_url: str = field(default_factory=lambda: os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL)
    specs_dir: Path = field(default_factory=lambda: Path(os.environ.get("POWERPRO_SPECS", PROJECT_ROOT / "specs")))
    migrations_dir: Path = PROJECT_ROOT / "migrations"
    host: str = field(default_factory=lambda: os.environ.get("POWERPRO_HOST", "127.0.0.1"))
    port: int = field(default_factory=lambda: _env_int("PORT", 8000))
    workers: int = field(default_factory=lambda: _env_int("POWERPRO_WORKERS", 2))
    token_lifetime_seconds: int = field(default_factory=lambda: _env_int("POWERPRO_TOKEN_LIFETIME", 7 * 24 * 3600))
    # Login and registration throttling (engine/throttle.py); a limit of 0 turns that rule off.
    login_failures_per_account: int = field(default_factory=lambda: _env_count("POWERPRO_LOGIN_FAILURES_PER_ACCOUNT", 10))
    login_failures_per_address: int = field(default_factory=lambda: _env_count("POWERPRO_LOGIN_FAILURES_PER_ADDRESS", 50))
    login_throttle_window: int = field(default_factory=lambda: _env_count("POWERPRO_LOGIN_WINDOW", 15 * 60, minimum=1))
    registrations_per_address: int = field(default_factory=lambda: _env_count("POWERPRO_REGISTRATIONS_PER_ADDRESS", 20))
    registration_throttle_window: int = field(
        default_factory=lambda: _env_count("POWERPRO_REGISTRATION_WINDOW", 3600, minimum=1))


def settings() -> Settings:
    return Settings()
