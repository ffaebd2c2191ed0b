"""Workouts through HTTP: start, sets, finish, abandon, refusals, ownership, lists and the current one."""

from __future__ import annotations

from tests.api.flows import (
    STRONGLIFTS,
    STRONGLIFTS_INPUTS,
    actions,
    enroll,
    finish,
    log,
    position,
    row_counts,
    start,
    statuses,
)
from tests.support.http import assert_problem, invalid_paths
from tests.support.work_sets import work_indices, work_sets


def test_starting_twice_is_refused_with_the_workout_in_progress(client, catalog, db_engine):
    lifter = client.register()
    enroll(client, lifter)
    first = start(client, lifter)
    before = row_counts(db_engine)

    problem = assert_problem(client.post("/workouts/start", token=lifter.token), 409, "workout_already_in_progress")

    assert problem["current_workout_session_id"] == first["workout"]["id"]
    assert problem["allowed_actions"] == first["state"]["available_actions"]
    assert row_counts(db_engine) == before


def test_starting_without_an_enrollment_is_not_enrolled(client, catalog):
    lifter = client.register()
    problem = assert_problem(client.post("/workouts/start", token=lifter.token), 409, "not_enrolled")
    assert problem["allowed_actions"] == [
        {"action": "enroll", "method": "POST", "path": f"/users/{lifter.id}/enrollment"}]


def test_another_users_workout_is_not_found_and_stays_untouched(client, catalog):
    owner, intruder = client.register(), client.register()
    enroll(client, owner)
    enroll(client, intruder)
    workout_id = start(client, owner)["workout"]["id"]

    for result in (
        client.get(f"/workouts/{workout_id}", token=intruder.token),
        client.post(f"/workouts/{workout_id}/sets", json={"set_index": 0, "reps": 5}, token=intruder.token),
        client.post(f"/workouts/{workout_id}/finish", token=intruder.token),
        client.post(f"/workouts/{workout_id}/abandon", token=intruder.token),
    ):
        problem = assert_problem(result, 404, "not_found")
        assert problem["detail"] == f"There is no workout {workout_id} of yours."  # same as a missing id
    assert_problem(client.get("/workouts/no-such-workout", token=intruder.token), 404, "not_found")

    mine = client.get(f"/workouts/{workout_id}", token=owner.token).json["workout"]
    assert mine["status"] == "IN_PROGRESS" and all(s["logged"] is None for s in mine["sets"])


def test_set_refusals(client, catalog, db_engine):
    lifter = client.register()
    enroll(client, lifter)
    workout = start(client, lifter)["workout"]
    sets_path = f"/workouts/{workout['id']}/sets"
    work = work_indices(workout)  # 3 warm-ups, then 3 wave sets, 5x10 BBB, 5x10 chin-ups
    log(client, lifter, workout["id"], work[0], 5)
    before = row_counts(db_engine)

    again = assert_problem(client.post(sets_path, json={"set_index": work[0], "reps": 5}, token=lifter.token),
                           409, "set_already_logged")
    assert [a["action"] for a in again["allowed_actions"]] == ["quit", "log_set", "finish_workout", "abandon_workout"]
    beyond = assert_problem(client.post(sets_path, json={"set_index": 16, "reps": 5}, token=lifter.token),
                            422, "set_not_prescribed")
    assert beyond["prescribed_sets"] == 16 == len(workout["sets"])
    chin_up = assert_problem(client.post(sets_path, json={"set_index": work[8], "reps": 10}, token=lifter.token),
                             422, "weight_required")
    assert chin_up["set_index"] == work[8]
    for body, field in [
        ({"set_index": 1}, "$.reps"),
        ({"set_index": 1, "reps": -1}, "$.reps"),
        ({"set_index": "first", "reps": 5}, "$.set_index"),
        ({"set_index": 1, "reps": 5, "weight": "80"}, "$.weight"),
        ({"set_index": 1, "reps": 5, "rpe": 11}, "$.rpe"),
        ({"set_index": 1, "reps": 5, "unit": "kg"}, "$.unit"),
    ]:
        problem = assert_problem(client.post(sets_path, json=body, token=lifter.token), 422, "validation_failed")
        assert field in invalid_paths(problem), body
    assert row_counts(db_engine) == before

    assert log(client, lifter, workout["id"], work[8], 10, weight=0)["set"]["weight"] == 0  # bodyweight only


def test_a_finished_workout_refuses_sets_and_a_second_finish(client, catalog):
    lifter = client.register()
    enroll(client, lifter)
    workout_id = start(client, lifter)["workout"]["id"]
    finish(client, lifter, workout_id)

    for result in (
        client.post(f"/workouts/{workout_id}/finish", token=lifter.token),
        client.post(f"/workouts/{workout_id}/abandon", token=lifter.token),
        client.post(f"/workouts/{workout_id}/sets", json={"set_index": 0, "reps": 5}, token=lifter.token),
    ):
        problem = assert_problem(result, 409, "invalid_transition")
        assert (problem["machine"], problem["current_state"]) == ("session", "COMPLETED")
        assert [a["action"] for a in problem["allowed_actions"]] == ["quit", "start_workout", "advance_week"]


def test_abandoning_keeps_the_position_and_the_next_start_prescribes_the_same_day(client, catalog):
    lifter = client.register()
    enroll(client, lifter)
    first = start(client, lifter)["workout"]

    abandoned = finish(client, lifter, first["id"], "abandon")

    assert abandoned["workout"]["status"] == "ABANDONED"
    assert position(abandoned["state"]) == (1, 1, 0)
    assert statuses(abandoned["state"]) == ("ACTIVE", "IN_PROGRESS", "IN_PROGRESS")
    assert actions(abandoned["state"]) == ["quit", "start_workout", "advance_week"]
    second = start(client, lifter)["workout"]
    assert second["id"] != first["id"] and second["name"] == first["name"]


def test_session_progressions_are_listed_by_the_request_that_applied_them(client, catalog):
    lifter = client.register()
    enroll(client, lifter, STRONGLIFTS, STRONGLIFTS_INPUTS)
    workout = start(client, lifter)["workout"]
    assert workout["name"] == "Workout A"
    applied_by_sets = []
    for prescribed in workout["sets"]:  # the warm-ups too: a short one is no failure
        reps = 3 if prescribed["lift"] == "bench-press" else 5  # bench falls short of 5x5
        applied_by_sets += log(client, lifter, workout["id"], prescribed["set_index"], reps)["progressions_applied"]

    finished = finish(client, lifter, workout["id"])

    assert {(p["lift"], p["previous"], p["new"], p["delta"], p["unit"], p["rule"], p["trigger"])
            for p in finished["progressions_applied"]} == {
        ("squat", 100, 105, 5, "lb", "add-weight", "AFTER_SESSION"),
        ("barbell-row", 70, 75, 5, "lb", "add-weight", "AFTER_SESSION"),
    }
    assert applied_by_sets and {(p["lift"], p["trigger"]) for p in applied_by_sets} == {("bench-press", "ON_FAILURE")}
    following = start(client, lifter)["workout"]
    assert following["name"] == "Workout B"
    assert work_sets(following)[0]["lift"] == "squat" and work_sets(following)[0]["weight"] == 105


def test_current_workout_is_null_when_none_and_the_workout_when_one_is_in_progress(client, catalog):
    lifter = client.register()
    current = f"/users/{lifter.id}/workouts/current"
    assert_problem(client.get(current, token=lifter.token), 409, "not_enrolled")
    enroll(client, lifter)

    idle = client.get(current, token=lifter.token)
    assert idle.status_code == 200 and idle.json["workout"] is None
    assert actions(idle.json["state"]) == ["quit", "start_workout"]

    workout_id = start(client, lifter)["workout"]["id"]
    busy = client.get(current, token=lifter.token).json
    assert busy["workout"]["id"] == workout_id and len(work_sets(busy["workout"])) == 13
    assert busy["state"]["current_workout_session"]["id"] == workout_id


def test_workouts_are_listed_newest_first_a_page_at_a_time_and_filtered_by_status(client, catalog):
    lifter = client.register()
    enroll(client, lifter)
    ids = []
    for verb in ("abandon", "finish", "abandon"):
        ids.append(start(client, lifter)["workout"]["id"])
        finish(client, lifter, ids[-1], verb)
    ids.append(start(client, lifter)["workout"]["id"])
    path = f"/users/{lifter.id}/workouts"

    first = client.get(f"{path}?limit=3", token=lifter.token).json
    assert [w["id"] for w in first["items"]] == ids[::-1][:3]
    assert (first["total"], first["limit"], first["offset"], first["next_offset"]) == (4, 3, 0, 3)
    rest = client.get(f"{path}?limit=3&offset=3", token=lifter.token).json
    assert [w["id"] for w in rest["items"]] == [ids[0]] and rest["next_offset"] is None

    abandoned = client.get(f"{path}?status=ABANDONED", token=lifter.token).json
    assert {w["id"] for w in abandoned["items"]} == {ids[0], ids[2]} and abandoned["total"] == 2
    live = client.get(f"{path}?status=IN_PROGRESS,COMPLETED", token=lifter.token).json
    assert {(w["id"], w["status"]) for w in live["items"]} == {(ids[1], "COMPLETED"), (ids[3], "IN_PROGRESS")}
    problem = assert_problem(client.get(f"{path}?status=DONE", token=lifter.token), 422, "validation_failed")
    assert "query.status[0]" in invalid_paths(problem)
    assert_problem(client.get(f"{path}?limit=0", token=lifter.token), 422, "validation_failed")
