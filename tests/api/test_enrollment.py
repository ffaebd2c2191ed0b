"""The enrollment lifecycle through HTTP: enroll, the state at every level, quit, cycles, refusals."""

from __future__ import annotations

from tests.api.flows import (
    BBB,
    BBB_INPUTS,
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
from tests.support.work_sets import work_sets


def test_the_bbb_lifecycle_shows_every_level_and_the_actions_at_each_step(client, catalog):
    lifter = client.register()
    me = f"/users/{lifter.id}"

    enrolled = enroll(client, lifter)
    state = enrolled["state"]
    assert statuses(state) == ("ACTIVE", "PENDING", "PENDING")
    assert position(state) == (1, 1, 0)
    assert state["current_workout_session"] is None
    assert state["program"]["slug"] == BBB and state["program"]["version"] == catalog.programs[BBB].version
    assert state["available_actions"] == [
        {"action": "quit", "method": "DELETE", "path": f"{me}/enrollment"},
        {"action": "start_workout", "method": "POST", "path": "/workouts/start"},
    ]
    slots = {s["slot"]: (s["weight"], s["unit"]) for s in enrolled["enrollment"]["slots"]}
    assert slots == {"overhead-press": (121.5, "lb"), "deadlift": (360, "lb"), "bench-press": (180, "lb"),
                     "squat": (270, "lb")}  # 90% of each max
    upcoming = enrolled["enrollment"]["next_workout"]
    assert upcoming["name"] == "Press day"
    assert [s["weight"] for s in work_sets(upcoming)[:4]] == [80, 90, 105, 60]  # 65/75/85% then BBB 50% of 121.5

    read = client.get(f"{me}/enrollment", token=lifter.token)
    assert read.status_code == 200
    assert read.json["state"] == state and "progressions_applied" not in read.json

    started = start(client, lifter)
    workout, state = started["workout"], started["state"]
    assert workout["status"] == "IN_PROGRESS" and workout["name"] == "Press day"
    assert statuses(state) == ("ACTIVE", "IN_PROGRESS", "IN_PROGRESS")
    assert state["current_workout_session"]["id"] == workout["id"]
    assert state["current_workout_session"]["status"] == "IN_PROGRESS"
    workout_path = f"/workouts/{workout['id']}"
    assert state["available_actions"] == [
        {"action": "quit", "method": "DELETE", "path": f"{me}/enrollment"},
        {"action": "log_set", "method": "POST", "path": f"{workout_path}/sets"},
        {"action": "finish_workout", "method": "POST", "path": f"{workout_path}/finish"},
        {"action": "abandon_workout", "method": "POST", "path": f"{workout_path}/abandon"},
    ]
    sets = workout["sets"]
    # Wendler's warm-ups first: 40/50/60% of the TM 121.5 = 48.6, 60.75, 72.9 -> 50, 60, 75 (nearest 5).
    assert [(s["weight"], s["target_reps"], s["kind"]) for s in sets[:3]] == [(50, 5, "warmup"), (60, 5, "warmup"),
                                                                             (75, 3, "warmup")]
    work = work_sets(workout)
    assert len(work) == 13  # 3 wave sets, 5x10 BBB, 5x10 chin-ups
    assert [(s["lift"], s["weight"], s["unit"]) for s in work[:4]] == [
        ("overhead-press", 80, "lb"), ("overhead-press", 90, "lb"), ("overhead-press", 105, "lb"),
        ("overhead-press", 60, "lb"),
    ]
    assert work[2]["is_amrap"] and work[2]["target_reps"] == 5
    assert all(s["weight"] is None and s["lift"] == "chin-up" for s in work[8:])  # bodyweight: the lifter says
    assert all(s["logged"] is None for s in sets)

    amrap = work[2]["set_index"]  # its place in the list, warm-ups included
    logged = log(client, lifter, workout["id"], amrap, 9)
    assert logged["set"]["weight"] == 105 and logged["set"]["reps"] == 9 and logged["set"]["unit"] == "lb"
    assert logged["workout"]["sets"][amrap]["logged"] == logged["set"]
    assert logged["progressions_applied"] == []  # 5/3/1 progresses at the end of the cycle
    assert actions(logged["state"]) == ["quit", "log_set", "finish_workout", "abandon_workout"]
    heavier = log(client, lifter, workout["id"], work[3]["set_index"], 10, weight=62.5, rpe=7.5)
    assert (heavier["set"]["weight"], heavier["set"]["rpe"]) == (62.5, 7.5)

    finished = finish(client, lifter, workout["id"])
    assert finished["workout"]["status"] == "COMPLETED" and finished["workout"]["finished_at"]
    state = finished["state"]
    assert statuses(state) == ("ACTIVE", "IN_PROGRESS", "IN_PROGRESS")
    assert position(state) == (1, 1, 1)
    assert state["current_workout_session"] is None
    assert actions(state) == ["quit", "start_workout", "advance_week"]
    assert finished["progressions_applied"] == []

    after = client.get(f"{me}/enrollment", token=lifter.token).json
    assert after["enrollment"]["next_workout"]["name"] == "Deadlift day"
    assert {a["path"] for a in after["state"]["available_actions"]} >= {f"{me}/enrollment/advance-week"}


def test_saved_maxes_fill_the_inputs_not_sent(client, catalog):
    lifter = client.register(weight_unit="kg")
    for lift, weight in {"squat": 140, "bench-press": 100, "deadlift": 180}.items():
        client.put(f"/users/{lifter.id}/maxes/{lift}", json={"weight": weight, "unit": "kg"}, token=lifter.token)

    enrolled = enroll(client, lifter, inputs={"overhead-press.1rm": {"weight": 60, "unit": "kg"}})

    slots = {s["slot"]: (s["weight"], s["unit"]) for s in enrolled["enrollment"]["slots"]}
    assert slots == {"overhead-press": (54, "kg"), "squat": (126, "kg"), "bench-press": (90, "kg"),
                     "deadlift": (162, "kg")}
    first = work_sets(enrolled["enrollment"]["next_workout"])[0]
    assert (first["weight"], first["unit"]) == (35, "kg")  # 65% of 54 = 35.1, to 2.5 kg plates


def test_missing_inputs_are_a_422_naming_them_and_nothing_is_written(client, catalog, db_engine):
    lifter = client.register()
    before = row_counts(db_engine)
    inputs = {key: value for key, value in BBB_INPUTS.items() if key != "squat.1rm"}

    result = client.post(f"/users/{lifter.id}/enrollment", json={"program": BBB, "inputs": inputs}, token=lifter.token)

    problem = assert_problem(result, 422, "missing_maxes")
    assert problem["missing_inputs"] == ["squat.1rm"]
    assert row_counts(db_engine) == before


def test_an_unknown_input_is_a_422_listing_the_programs_inputs(client, catalog):
    lifter = client.register()
    inputs = {**BBB_INPUTS, "curl.1rm": {"weight": 50, "unit": "lb"}}
    problem = assert_problem(
        client.post(f"/users/{lifter.id}/enrollment", json={"program": BBB, "inputs": inputs}, token=lifter.token),
        422, "missing_maxes",
    )
    assert problem["unknown_inputs"] == ["curl.1rm"] and "squat.1rm" in problem["inputs"]


def test_an_unknown_program_is_404_and_nothing_is_written(client, catalog, db_engine):
    lifter = client.register()
    before = row_counts(db_engine)
    result = client.post(f"/users/{lifter.id}/enrollment", json={"program": "couch-to-5k"}, token=lifter.token)
    problem = assert_problem(result, 404, "unknown_program")
    assert BBB in problem["known"]
    assert row_counts(db_engine) == before


def test_bad_enrollment_bodies_are_refused_before_anything_is_written(client, catalog, db_engine):
    lifter = client.register()
    path = f"/users/{lifter.id}/enrollment"
    before = row_counts(db_engine)
    cases = [
        ({"inputs": BBB_INPUTS}, "$.program"),
        ({"program": BBB, "inputs": BBB_INPUTS, "start_week": 2}, "$.start_week"),
        ({"program": BBB, "inputs": {"squat.1rm": {"weight": "heavy", "unit": "lb"}}}, '$.inputs["squat.1rm"].weight'),
        ({"program": BBB, "inputs": {"squat.1rm": {"weight": 100, "unit": "stone"}}}, '$.inputs["squat.1rm"].unit'),
        ({"program": BBB, "inputs": {"squat.1rm": {"weight": -5, "unit": "lb"}}}, '$.inputs["squat.1rm"].weight'),
        ({"program": BBB, "inputs": {"squat.1rm": {"weight": 100}}}, '$.inputs["squat.1rm"].unit'),
        ({"program": "Not A Slug"}, "$.program"),
    ]
    for body, field in cases:
        problem = assert_problem(client.post(path, json=body, token=lifter.token), 422, "validation_failed")
        assert field in invalid_paths(problem), (body, problem)
    broken = client.post(path, body="{not json", headers={"Content-Type": "application/json"}, token=lifter.token)
    assert_problem(broken, 400, "validation_failed")
    assert row_counts(db_engine) == before


def test_enrolling_twice_is_refused(client, catalog):
    lifter = client.register()
    enroll(client, lifter)
    problem = assert_problem(
        client.post(f"/users/{lifter.id}/enrollment", json={"program": BBB, "inputs": BBB_INPUTS}, token=lifter.token),
        409, "already_enrolled",
    )
    assert problem["program"] == BBB
    assert [a["action"] for a in problem["allowed_actions"]] == ["quit", "start_workout"]


def test_next_cycle_while_active_is_an_invalid_transition_with_the_allowed_actions(client, catalog, db_engine):
    lifter = client.register()
    state = enroll(client, lifter)["state"]
    before = row_counts(db_engine)

    problem = assert_problem(client.post(f"/users/{lifter.id}/enrollment/next-cycle", token=lifter.token),
                             409, "invalid_transition")

    assert (problem["machine"], problem["current_state"], problem["trigger"]) == ("enrollment", "ACTIVE", "next_cycle")
    assert problem["allowed_actions"] == state["available_actions"]
    assert row_counts(db_engine) == before


def test_advance_week_needs_a_week_in_progress_and_no_workout_in_progress(client, catalog):
    lifter = client.register()
    enroll(client, lifter)
    path = f"/users/{lifter.id}/enrollment/advance-week"
    problem = assert_problem(client.post(path, token=lifter.token), 409, "invalid_transition")
    assert (problem["machine"], problem["current_state"]) == ("week", "PENDING")

    workout = start(client, lifter)["workout"]
    problem = assert_problem(client.post(path, token=lifter.token), 409, "workout_already_in_progress")
    assert problem["current_workout_session_id"] == workout["id"]


def test_a_cycle_of_advanced_weeks_reaches_the_boundary_progresses_and_next_cycle_starts_over(client, catalog):
    lifter = client.register()
    enroll(client, lifter)
    advance = f"/users/{lifter.id}/enrollment/advance-week"
    for week in (1, 2, 3):
        finish(client, lifter, start(client, lifter)["workout"]["id"], "abandon")
        result = client.post(advance, token=lifter.token)
        assert result.status_code == 200
        assert statuses(result.json["state"]) == ("ACTIVE", "IN_PROGRESS", "PENDING")
        assert position(result.json["state"]) == (1, week + 1, 0)
        assert result.json["progressions_applied"] == []
    finish(client, lifter, start(client, lifter)["workout"]["id"], "abandon")

    last = client.post(advance, token=lifter.token).json

    assert statuses(last["state"]) == ("BETWEEN_CYCLES", "COMPLETED", "COMPLETED")
    assert actions(last["state"]) == ["next_cycle", "quit"]
    assert {(p["slot"], p["previous"], p["new"], p["delta"], p["unit"], p["rule"], p["trigger"])
            for p in last["progressions_applied"]} == {
        ("overhead-press", 121.5, 126.5, 5, "lb", "tm-increase", "AFTER_CYCLE"),
        ("bench-press", 180, 185, 5, "lb", "tm-increase", "AFTER_CYCLE"),
        ("squat", 270, 280, 10, "lb", "tm-increase", "AFTER_CYCLE"),
        ("deadlift", 360, 370, 10, "lb", "tm-increase", "AFTER_CYCLE"),
    }
    assert last["enrollment"]["next_workout"] is None
    problem = assert_problem(client.post("/workouts/start", token=lifter.token), 409, "invalid_transition")
    assert problem["current_state"] == "BETWEEN_CYCLES"
    assert [a["action"] for a in problem["allowed_actions"]] == ["next_cycle", "quit"]

    again = client.post(f"/users/{lifter.id}/enrollment/next-cycle", token=lifter.token)
    assert again.status_code == 200
    assert statuses(again.json["state"]) == ("ACTIVE", "PENDING", "PENDING")
    assert position(again.json["state"]) == (2, 1, 0)
    assert work_sets(again.json["enrollment"]["next_workout"])[2]["weight"] == 110  # 85% of 126.5 = 107.5 -> 110
    assert_problem(client.post(f"/users/{lifter.id}/enrollment/next-cycle", token=lifter.token),
                   409, "invalid_transition")


def test_quit_abandons_the_workout_answers_the_final_state_and_allows_enrolling_again(client, catalog):
    lifter = client.register()
    enroll(client, lifter)
    workout = start(client, lifter)["workout"]

    quit_ = client.delete(f"/users/{lifter.id}/enrollment", token=lifter.token)

    assert quit_.status_code == 200
    state = quit_.json["state"]
    assert state["enrollment_status"] == "QUIT" and state["current_workout_session"] is None
    assert state["available_actions"] == [
        {"action": "enroll", "method": "POST", "path": f"/users/{lifter.id}/enrollment"}]
    assert quit_.json["progressions_applied"] == []
    assert client.get(f"/workouts/{workout['id']}", token=lifter.token).json["workout"]["status"] == "ABANDONED"
    problem = assert_problem(client.get(f"/users/{lifter.id}/enrollment", token=lifter.token), 409, "not_enrolled")
    assert [a["action"] for a in problem["allowed_actions"]] == ["enroll"]
    assert_problem(client.delete(f"/users/{lifter.id}/enrollment", token=lifter.token), 409, "not_enrolled")
    assert enroll(client, lifter)["state"]["enrollment_status"] == "ACTIVE"


def test_a_user_cannot_reach_another_users_enrollment(client, catalog):
    owner, intruder = client.register(), client.register()
    enroll(client, owner)
    base = f"/users/{owner.id}/enrollment"
    for result in (
        client.get(base, token=intruder.token),
        client.delete(base, token=intruder.token),
        client.post(base, json={"program": BBB}, token=intruder.token),
        client.post(f"{base}/next-cycle", token=intruder.token),
        client.post(f"{base}/advance-week", token=intruder.token),
        client.get(f"/users/{owner.id}/workouts", token=intruder.token),
        client.get(f"/users/{owner.id}/workouts/current", token=intruder.token),
        client.get(f"/users/{owner.id}/events", token=intruder.token),
        client.get(f"/users/{owner.id}/progression-logs", token=intruder.token),
    ):
        assert_problem(result, 403, "forbidden")
    assert client.get(base, token=owner.token).json["state"]["enrollment_status"] == "ACTIVE"


def test_enrollment_needs_a_token(client, catalog):
    lifter = client.register()
    assert_problem(client.get(f"/users/{lifter.id}/enrollment"), 401, "unauthenticated")
    assert_problem(client.post("/workouts/start"), 401, "unauthenticated")


def test_an_admin_reads_and_acts_on_any_users_enrollment(client, catalog, services):
    from engine import accounts
    from tests.support.http import DEFAULT_PASSWORD, unique_email

    email = unique_email("admin")
    accounts.create_admin(services.uow(), email, DEFAULT_PASSWORD)
    admin_token = client.login(email).json["token"]
    lifter = client.register()
    enroll(client, lifter)

    read = client.get(f"/users/{lifter.id}/enrollment", token=admin_token)
    assert read.status_code == 200 and read.json["state"]["user_id"] == lifter.id
    quit_ = client.delete(f"/users/{lifter.id}/enrollment", token=admin_token)
    assert quit_.json["state"]["enrollment_status"] == "QUIT"
    assert quit_.json["state"]["available_actions"][0]["path"] == f"/users/{lifter.id}/enrollment"
