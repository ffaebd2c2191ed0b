"""The program and machine catalogs, and the table that turns machine actions into HTTP routes."""

from __future__ import annotations

import pytest

from api.actions import ROUTES, available_actions
from engine.queries import LOG_SET, START_WORKOUT
from tests.support.http import assert_problem


def test_programs_lists_every_loaded_program_with_its_version(client, services):
    listed = client.get("/programs").json["programs"]
    assert [p["slug"] for p in listed] == sorted(services.catalog.programs)
    bbb = next(p for p in listed if p["slug"] == "wendler-531-bbb")
    assert bbb == {
        "slug": "wendler-531-bbb", "name": "5/3/1 Boring But Big", "author": "Jim Wendler", "level": "intermediate",
        "description": bbb["description"], "days_per_week": 4, "weeks_per_cycle": 4, "repeats": True,
        "version": services.catalog.programs["wendler-531-bbb"].version,
    }


def test_a_program_shows_inputs_slots_workouts_schedule_and_rules(client, services):
    program = client.get("/programs/wendler-531-bbb").json

    inputs = {i["id"]: i for i in program["inputs"]}
    assert set(inputs) == {"squat.1rm", "bench-press.1rm", "deadlift.1rm", "overhead-press.1rm"}
    assert inputs["squat.1rm"] == {"id": "squat.1rm", "lift": "squat", "kind": "rep_max", "reps": 1,
                                   "optional": False, "description": "Squat one-rep max"}
    assert {s["id"]: (s["kind"], s["initial_from"]) for s in program["slots"]}["squat"] == ("training_max", "squat.1rm")
    press = next(w for w in program["workouts"] if w["id"] == "press")
    assert press["name"] == "Press day"
    assert [(e["lift"], e["sets"], e["weeks"]) for e in press["exercises"][:2]] == [
        ("overhead-press", "lookup", None), ("overhead-press", "fixed", [1, 2, 3])]
    assert program["schedule"]["weeks_per_cycle"] == 4 and program["schedule"]["repeats"] is True
    assert program["schedule"]["weeks"][0]["days"] == ["press", "deadlift", "bench", "squat"]
    rules = {r["id"]: r for r in program["progressions"]}
    assert (rules["tm-increase"]["trigger"], rules["tm-increase"]["event"]) == ("AFTER_CYCLE", "CYCLE_COMPLETED")
    assert rules["stall-reset"]["type"] == "deload"
    assert program["rounding"] == {"increment": {"lb": 5, "kg": 2.5}, "mode": "nearest"}


def test_an_unknown_program_is_404_with_the_known_slugs(client, services):
    problem = assert_problem(client.get("/programs/couch-to-5k"), 404, "unknown_program")
    assert "wendler-531-bbb" in problem["known"]


def test_machines_are_served_as_declared_in_their_yaml(client, services):
    listed = client.get("/machines").json["machines"]
    assert [m["name"] for m in listed] == ["cycle", "enrollment", "session", "week"]

    session = client.get("/machines/session").json
    assert session["states"] == ["IN_PROGRESS", "COMPLETED", "ABANDONED"]
    assert (session["initial"], session["finals"]) == ("IN_PROGRESS", ["COMPLETED", "ABANDONED"])
    assert session["creation"] == {"trigger": "start_workout", "target": "IN_PROGRESS", "emits": "WORKOUT_STARTED",
                                   "actors": ["user"]}
    assert {"trigger": "abandon", "source": "IN_PROGRESS", "target": "ABANDONED", "emits": "WORKOUT_ABANDONED",
            "actors": ["user", "engine"]} in session["transitions"]
    assert session["stale_after_seconds"] == services.machines["session"].stale_after.total_seconds()
    assert (session["table"], session["column"]) == ("workout_sessions", "status")
    enrollment = client.get("/machines/enrollment").json
    assert enrollment["events"] == ["CYCLE_BOUNDARY_REACHED", "ENROLLED", "PROGRAM_COMPLETED", "QUIT"]
    assert {(t["source"], t["trigger"], t["target"]) for t in enrollment["transitions"]} == {
        ("ACTIVE", "complete_cycle", "BETWEEN_CYCLES"), ("ACTIVE", "quit", "QUIT"),
        ("ACTIVE", "complete_program", "COMPLETED"),
        ("BETWEEN_CYCLES", "next_cycle", "ACTIVE"), ("BETWEEN_CYCLES", "quit", "QUIT"),
    }


def test_an_unknown_machine_is_404(client, services):
    problem = assert_problem(client.get("/machines/set"), 404, "unknown_machine")
    assert problem["known"] == ["cycle", "enrollment", "session", "week"]


def test_every_action_a_user_may_fire_has_a_route(services):
    """A user trigger added to a machine's YAML fails here until api.actions.ROUTES maps it."""
    user_pairs = {(spec.name, t.trigger) for spec in services.machines.values() for t in spec.transitions
                  if "user" in t.actors}
    user_pairs |= {(spec.name, spec.creation.trigger) for spec in services.machines.values()
                   if spec.creation and "user" in spec.creation.actors}
    user_pairs |= {START_WORKOUT, LOG_SET}
    assert user_pairs == set(ROUTES)


def test_every_route_of_the_table_is_a_documented_operation(client):
    paths = client.get("/openapi.json").json["paths"]
    for route in ROUTES.values():
        assert route.method.lower() in paths[route.path], route


@pytest.mark.parametrize("pairs, workout_id, expected", [
    ([("enrollment", "quit")], None, [("quit", "DELETE", "/users/u1/enrollment")]),
    ([("session", "finish")], "w1", [("finish_workout", "POST", "/workouts/w1/finish")]),
    ([("session", "finish")], None, []),  # no workout to finish: no route to show
    ([("enrollment", "complete_cycle")], None, []),  # the engine's trigger: never offered
])
def test_available_actions_fill_in_the_ids(pairs, workout_id, expected):
    rendered = available_actions(pairs, "u1", workout_id)
    assert [(a["action"], a["method"], a["path"]) for a in rendered] == expected
