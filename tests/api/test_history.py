"""A user's history through HTTP: the transition log and the progression log, paged and filtered."""

from __future__ import annotations

from tests.api.flows import STRONGLIFTS, STRONGLIFTS_INPUTS, enroll, finish, log, start
from tests.support.http import assert_problem, invalid_paths


def test_the_transition_log_lists_every_transition_newest_first(client, catalog):
    lifter = client.register()
    enrollment_id = enroll(client, lifter)["enrollment"]["id"]
    workout_id = start(client, lifter)["workout"]["id"]
    set_id = log(client, lifter, workout_id, 0, 5)["set"]["id"]
    finish(client, lifter, workout_id)

    page = client.get(f"/users/{lifter.id}/events", token=lifter.token).json

    rows = [(e["machine"], e["entity_id"], e["seq"], e["trigger"], e["from_state"], e["to_state"], e["event"])
            for e in page["items"]]
    assert rows == [
        ("session", workout_id, 2, "finish", "IN_PROGRESS", "COMPLETED", "WORKOUT_COMPLETED"),
        ("set", set_id, 1, "log_set", "PENDING", "LOGGED", "SET_LOGGED"),
        ("week", enrollment_id, 1, "start", "PENDING", "IN_PROGRESS", "WEEK_STARTED"),
        ("cycle", enrollment_id, 1, "start", "PENDING", "IN_PROGRESS", "CYCLE_STARTED"),
        ("session", workout_id, 1, "start_workout", None, "IN_PROGRESS", "WORKOUT_STARTED"),
        ("enrollment", enrollment_id, 1, "enroll", None, "ACTIVE", "ENROLLED"),
    ]
    assert page["total"] == 6 and page["next_offset"] is None
    assert page["items"][1]["payload"] == {"workout_id": workout_id, "set_index": 0, "reps": 5}
    assert page["items"][-1]["payload"]["program"] == "wendler-531-bbb"


def test_the_transition_log_pages_and_filters_by_machine(client, catalog):
    lifter = client.register()
    enroll(client, lifter)
    for verb in ("abandon", "finish"):
        finish(client, lifter, start(client, lifter)["workout"]["id"], verb)
    path = f"/users/{lifter.id}/events"

    sessions = client.get(f"{path}?machine=session", token=lifter.token).json
    assert [e["trigger"] for e in sessions["items"]] == ["finish", "start_workout", "abandon", "start_workout"]
    assert sessions["total"] == 4
    levels = client.get(f"{path}?machine=cycle,week", token=lifter.token).json
    assert {(e["machine"], e["trigger"]) for e in levels["items"]} == {("cycle", "start"), ("week", "start")}

    everything = client.get(path, token=lifter.token).json["items"]
    second_page = client.get(f"{path}?limit=2&offset=2", token=lifter.token).json
    assert second_page["items"] == everything[2:4]
    assert (second_page["total"], second_page["next_offset"]) == (len(everything), 4)

    problem = assert_problem(client.get(f"{path}?machine=plan", token=lifter.token), 422, "validation_failed")
    assert "query.machine[0]" in invalid_paths(problem)


def test_other_users_transitions_are_not_listed(client, catalog):
    lifter, other = client.register(), client.register()
    enroll(client, lifter)
    enroll(client, other)
    start(client, other)
    items = client.get(f"/users/{lifter.id}/events", token=lifter.token).json["items"]
    assert [e["event"] for e in items] == ["ENROLLED"]


def test_the_progression_log_lists_what_each_progression_changed(client, catalog):
    lifter = client.register()
    enrollment_id = enroll(client, lifter, STRONGLIFTS, STRONGLIFTS_INPUTS)["enrollment"]["id"]
    path = f"/users/{lifter.id}/progression-logs"
    assert client.get(path, token=lifter.token).json["items"] == []
    for _ in range(2):
        workout = start(client, lifter)["workout"]
        for prescribed in workout["sets"]:
            log(client, lifter, workout["id"], prescribed["set_index"], 5)
        finish(client, lifter, workout["id"])

    page = client.get(path, token=lifter.token).json

    changes = [(e["lift"], e["slot"], e["previous"], e["new"], e["delta"], e["unit"], e["rule"], e["trigger"])
               for e in page["items"]]
    assert page["total"] == 6  # A: squat, bench, row; then B: squat, press, deadlift
    assert sorted(changes[:3]) == [  # workout B, newest first
        ("deadlift", "deadlift", 120, 130, 10, "lb", "add-weight", "AFTER_SESSION"),
        ("overhead-press", "overhead-press", 60, 65, 5, "lb", "add-weight", "AFTER_SESSION"),
        ("squat", "squat", 105, 110, 5, "lb", "add-weight", "AFTER_SESSION"),
    ]
    assert sorted(changes[3:]) == [
        ("barbell-row", "barbell-row", 70, 75, 5, "lb", "add-weight", "AFTER_SESSION"),
        ("bench-press", "bench-press", 80, 85, 5, "lb", "add-weight", "AFTER_SESSION"),
        ("squat", "squat", 100, 105, 5, "lb", "add-weight", "AFTER_SESSION"),
    ]
    assert {e["enrollment_id"] for e in page["items"]} == {enrollment_id}

    paged = client.get(f"{path}?limit=4&offset=4", token=lifter.token).json
    assert paged["items"] == page["items"][4:] and paged["next_offset"] is None
