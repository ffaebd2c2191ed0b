"""A lifter takes everything out (JSON, and a Strong-style CSV of sets); an import of that
JSON on another server re-creates the same history."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner
from sqlalchemy import text

from api.app import create_app
from cli.main import cli
from engine.accounts import FAST_HASHING_ENV
from engine.bootstrap import bootstrap
from engine.db.connection import make_engine
from engine.db.migrations import Migrator
from engine.queries.export import STRONG_COLUMNS
from tests.api.flows import enroll, finish, log, start
from tests.conftest import new_database
from tests.support.http import ApiClient, assert_problem

NEW_PASSWORD = "a new server, a new password"


@pytest.fixture
def history(client, catalog):
    """A lifter one workout into 5/3/1 BBB, with a second one under way."""
    lifter = client.register()
    enroll(client, lifter)
    first = start(client, lifter)["workout"]
    for index, prescribed in enumerate(first["sets"][:3]):
        log(client, lifter, first["id"], index, prescribed["target_reps"] or 5, rpe=8)
    finish(client, lifter, first["id"])
    second = start(client, lifter)["workout"]
    log(client, lifter, second["id"], 0, 5)
    return lifter, first


def test_the_export_holds_everything_the_user_owns_and_no_secret(client, history):
    lifter, first = history
    result = client.get("/users/me/export", token=lifter.token)
    assert result.status_code == 200
    document = result.json
    assert document["account"]["id"] == lifter.id and document["account"]["email"] == lifter.email
    assert (len(document["enrollments"]), len(document["workouts"]), len(document["sets"])) == (1, 2, 4)
    assert {row["event"] for row in document["transitions"]} >= {"ENROLLED", "WORKOUT_COMPLETED"}
    assert document["program_versions"][0]["program_slug"] == "wendler-531-bbb"
    assert "password" not in result.text and lifter.token not in result.text
    assert "attachment" in result.headers["content-disposition"]
    assert_problem(client.get("/users/me/export"), 401, "unauthenticated")
    # A workout's stored answer and prescription are JSON values in the document, as the server
    # shows them, though the server keeps them as their text (engine/db/types.py JSONText).
    done = next(row for row in document["workouts"] if row["id"] == first["id"])
    assert isinstance(done["prescription"], list) and done["prescription"][0]["set_index"] == 0
    assert isinstance(done["answer"], dict) and done["answer"]["id"] == first["id"]
    assert [s["set_index"] for s in done["answer"]["sets"]] == [s["set_index"] for s in first["sets"]]


def test_the_sets_csv_has_strongs_columns_and_one_row_per_set(client, history):
    lifter, first = history
    result = client.get("/users/me/export/sets.csv", token=lifter.token)
    assert result.status_code == 200 and result.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(result.text)))
    assert tuple(rows[0]) == STRONG_COLUMNS
    first_set = dict(zip(rows[0], rows[1], strict=True))
    prescribed = first["sets"][0]
    assert first_set["Exercise Name"] == "Overhead press"  # the lift catalog's name
    assert first_set["Workout Name"] == first["name"]
    assert (first_set["Set Order"], first_set["Weight"], first_set["RPE"]) == ("1", str(prescribed["weight"]), "8")
    assert first_set["Reps"] == str(prescribed["target_reps"])
    assert first_set["Duration"].endswith("m")
    assert len(rows) == 1 + 4


@pytest.mark.parametrize("target", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_an_import_on_another_server_recreates_the_same_history(client, history, target, tmp_path,
                                                                 tmp_path_factory, monkeypatch):
    monkeypatch.setenv(FAST_HASHING_ENV, "1")
    lifter, _ = history
    client.request("PATCH", "/users/me", json={"display_name": "Ann"}, token=lifter.token)
    exported = client.get("/users/me/export", token=lifter.token).json
    assert exported["account"]["display_name"] == "Ann"
    state = client.get(f"/users/{lifter.id}/enrollment", token=lifter.token).json
    document = tmp_path / "export.json"
    document.write_text(json.dumps(exported))

    url = new_database(target, "imported", tmp_path_factory)
    migrator = Migrator(url)
    migrator.apply()
    migrator.close()
    imported = CliRunner().invoke(cli, ["users", "import", str(document), "--password", NEW_PASSWORD,
                                        "--database-url", url])
    assert imported.exit_code == 0, imported.output
    again = CliRunner().invoke(cli, ["users", "import", str(document), "--password", NEW_PASSWORD,
                                     "--database-url", url])
    assert again.exit_code == 1 and "already has an account here" in again.output

    services = bootstrap(db=make_engine(url))
    try:
        other = ApiClient(create_app(services))
        token = other.login(lifter.email, NEW_PASSWORD).json["token"]
        assert other.get("/users/me/export", token=token).json == exported
        assert other.get(f"/users/{lifter.id}/enrollment", token=token).json == state
    finally:
        services.close()


def test_a_document_exported_before_the_transition_counts_imports_with_them_counted(client, history, services,
                                                                                    migrated_url, tmp_path):
    lifter, _ = history
    exported = client.get("/users/me/export", token=lifter.token).json
    uncounted = {"enrollment_seq", "cycle_seq", "week_seq", "session_seq"}
    older = {**exported, **{key: [{k: v for k, v in row.items() if k not in uncounted} for row in exported[key]]
                            for key in ("enrollments", "workouts")}}
    assert exported["enrollments"][0]["week_seq"] == 1
    assert sorted(w["session_seq"] for w in exported["workouts"]) == [1, 2]  # one finished, one under way
    with services.db.begin() as conn:  # the account leaves this server, every row of it by cascade
        conn.execute(text("DELETE FROM users WHERE id = :id"), {"id": lifter.id})
    path = tmp_path / "older.json"
    path.write_text(json.dumps(older))
    imported = CliRunner().invoke(cli, ["users", "import", str(path), "--password", NEW_PASSWORD,
                                        "--database-url", migrated_url])
    assert imported.exit_code == 0, imported.output
    token = client.login(lifter.email, NEW_PASSWORD).json["token"]
    assert client.get("/users/me/export", token=token).json == exported


def test_the_cli_export_is_the_api_export_and_names_an_unknown_email(client, history, migrated_url):
    lifter, _ = history
    by_cli = CliRunner().invoke(cli, ["users", "export", lifter.email.upper(), "--database-url", migrated_url])
    assert by_cli.exit_code == 0, by_cli.output
    assert json.loads(by_cli.output) == client.get("/users/me/export", token=lifter.token).json
    as_csv = CliRunner().invoke(cli, ["users", "export", lifter.email, "--format", "csv",
                                      "--database-url", migrated_url])
    assert as_csv.output == client.get("/users/me/export/sets.csv", token=lifter.token).text
    unknown = CliRunner().invoke(cli, ["users", "export", "nobody@example.com", "--database-url", migrated_url])
    assert (unknown.exit_code, unknown.output) == (1, "Error: No account has the email nobody@example.com.\n")


@pytest.mark.parametrize("document, reason", [
    ({"format": "something-else"}, "not a powerpro-user-export document of version 1"),
    ({"format": "powerpro-user-export", "version": 1, "account": {"id": "x"}}, "`account` must have exactly"),
])
def test_an_import_of_a_wrong_document_is_one_line_and_changes_nothing(document, reason, tmp_path, migrated_url,
                                                                      db_engine, monkeypatch):
    monkeypatch.setenv(FAST_HASHING_ENV, "1")
    path = tmp_path / "wrong.json"
    path.write_text(json.dumps(document))
    result = CliRunner().invoke(cli, ["users", "import", str(path), "--password", NEW_PASSWORD,
                                      "--database-url", migrated_url])
    assert result.exit_code == 1
    assert result.output.startswith("Error: ") and reason in result.output and len(result.output.splitlines()) == 1
