"""WSGI entry point ``api.wsgi:app``: services from the environment (DATABASE_URL...), one per process."""

from __future__ import annotations

from engine.bootstrap import bootstrap

from .app import create_app

app = create_app(bootstrap())
