"""GET /health: database reachability and loaded spec versions."""

from __future__ import annotations

from api.app import create_app
from engine.bootstrap import bootstrap
from engine.db.connection import make_engine
from tests.support.http import ApiClient, assert_problem


def test_healthy(client):
    result = client.get("/health")
    assert result.status_code == 200
    assert result.json["status"] == "ok"
    assert result.json["database"] == {"reachable": True}


def test_unreachable_database_is_503(tmp_path):
    services = bootstrap(db=make_engine(f"sqlite:///{tmp_path}/missing/dir/powerpro.db"))
    problem = assert_problem(ApiClient(create_app(services)).get("/health"), 503, "service_unavailable")
    assert problem["database"] == {"reachable": False}
    assert problem["specs"] == {}


def test_reports_spec_versions_when_services_know_them(services):
    services.spec_versions = lambda: {"programs": {"gzclp": "3f9a"}, "machines": {"session": "77c1"}}
    result = ApiClient(create_app(services)).get("/health")
    assert result.json["specs"] == {"programs": {"gzclp": "3f9a"}, "machines": {"session": "77c1"}}
