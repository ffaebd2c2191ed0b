"""The pagination and status-filter helpers, through a throw-away list endpoint."""

from __future__ import annotations

import pytest

from tests.support.http import assert_problem, invalid_paths


def test_first_page_defaults_to_twenty(client_with_test_routes):
    page = client_with_test_routes.get("/test/things").json
    assert (page["total"], page["limit"], page["offset"], page["next_offset"]) == (45, 20, 0, 20)
    assert [t["n"] for t in page["items"]] == list(range(20))


def test_last_page_has_no_next_offset(client_with_test_routes):
    page = client_with_test_routes.get("/test/things", params={"limit": "10", "offset": "40"}).json
    assert [t["n"] for t in page["items"]] == [40, 41, 42, 43, 44]
    assert page["next_offset"] is None


def test_status_filter_accepts_a_comma_separated_list(client_with_test_routes):
    page = client_with_test_routes.get("/test/things", query_string="status=PENDING,COMPLETED&limit=100").json
    assert page["total"] == 30
    assert {t["status"] for t in page["items"]} == {"PENDING", "COMPLETED"}


@pytest.mark.parametrize(
    ("query", "path"),
    [("limit=0", "query.limit"), ("limit=101", "query.limit"), ("limit=ten", "query.limit"),
     ("offset=-1", "query.offset"), ("status=LOST", "query.status[0]"), ("status=", "query.status"),
     ("page=2", "query.page")],
)
def test_bad_query_parameters_are_422(client_with_test_routes, query, path):
    problem = assert_problem(client_with_test_routes.get("/test/things", query_string=query), 422, "validation_failed")
    assert invalid_paths(problem) == {path}


def test_query_parameters_are_documented(client_with_test_routes):
    operation = client_with_test_routes.contract.document["paths"]["/test/things"]["get"]
    params = {p["name"]: p for p in operation["parameters"]}
    assert params["limit"]["schema"]["maximum"] == 100
    assert params["status"]["explode"] is False
