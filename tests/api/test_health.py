"""GET /health: database reachability and loaded spec versions."""

from __future__ import annotations

import dataclasses

from sqlalchemy.orm import sessionmaker

from api.app import create_app
from engine.db.connection import make_engine
from tests.support.http import ApiClient, assert_problem


def test_healthy(client):
    result = client.get("/health")
    assert result.status_code == 200
    assert result.json["status"] == "ok"
    assert result.json["database"] == {"reachable": True}


def test_unreachable_database_is_503(services, tmp_path, monkeypatch):
    unreachable = make_engine(f"sqlite:///{tmp_path}/missing/dir/powerpro.db")
    services = dataclasses.replace(services, db=unreachable, session_factory=sessionmaker(unreachable))
    monkeypatch.setattr(services, "spec_versions", lambda: {"programs": {"gzclp": "3f9a"}}, raising=False)
    result = ApiClient(create_app(services)).get("/health")
    problem = assert_problem(result, 503, "database_unavailable")
    assert int(result.headers["retry-after"]) > 0
    assert problem["database"] == {"reachable": False}
    assert problem["specs"] == {"programs": {"gzclp": "3f9a"}}  # still says what is loaded


def test_reports_the_spec_versions_services_know(services, monkeypatch):
    versions = {"programs": {"gzclp": "3f9a"}, "machines": ["session"]}
    monkeypatch.setattr(services, "spec_versions", lambda: versions, raising=False)
    assert ApiClient(create_app(services)).get("/health").json["specs"] == versions
