"""Corrections through HTTP: PATCH and DELETE a logged set, on the workout in progress and on the
last completed one, with every progression the workout produced re-derived from the corrected sets.

Hand-worked expectations (StrongLifts 5x5, squat 100 lb, docs/machines.md "Corrections"): a
squat set of 3 reps fails the lift: the deload rule counts the failure as the set is logged
(failure_count 1) and the finish holds the squat at 100. Correcting the set to 5 reps reverts
the failure count to 0 and applies the session's +5 lb: 105.
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select

from engine.db.models import ProgressionLog, TransitionLogEntry
from tests.api.flows import STRONGLIFTS, STRONGLIFTS_INPUTS, enroll, finish, log, row_counts, start
from tests.support.http import assert_problem
from tests.support.work_sets import work_indices, work_sets


def work_of(client, lifter, workout_id: str) -> list[int]:
    """The set_index of each work set in lifting order: workout A is squat 5x5 (work sets 0-4),
    bench 5x5 (5-9), row 5x5 (10-14), each lift after its warm-ups, which these tests leave unlogged."""
    return work_indices(client.get(f"/workouts/{workout_id}", token=lifter.token).json["workout"])


def patch(client, lifter, workout_id: str, set_index: int, body: dict):
    return client.request("PATCH", f"/workouts/{workout_id}/sets/{set_index}", json=body, token=lifter.token)


def slots(client, lifter) -> dict[str, dict]:
    enrollment = client.get(f"/users/{lifter.id}/enrollment", token=lifter.token).json
    return {s["slot"]: s for s in enrollment["enrollment"]["slots"]}


def squat_workout(client, lifter, last_squat_reps: int) -> str:
    """Workout A with every set at 5 reps but the last squat set."""
    enroll(client, lifter, STRONGLIFTS, STRONGLIFTS_INPUTS)
    workout = start(client, lifter)["workout"]
    for number, index in enumerate(work_indices(workout)):
        log(client, lifter, workout["id"], index, last_squat_reps if number == 4 else 5)
    return workout["id"]


def changes(body: dict) -> list[tuple]:
    return [(c["correction"], c["slot"], c["rule"], c["previous"], c["new"]) for c in body["progressions_applied"]]


def test_a_typo_on_the_last_completed_workout_is_re_derived(client, catalog, db_engine):
    lifter = client.register()
    workout_id = squat_workout(client, lifter, last_squat_reps=3)
    work = work_of(client, lifter, workout_id)
    assert slots(client, lifter)["squat"]["failure_count"] == 1  # counted as the set was logged
    finished = finish(client, lifter, workout_id)
    assert "squat" not in {c["slot"] for c in finished["progressions_applied"]}  # held
    assert slots(client, lifter)["squat"]["weight"] == 100

    result = patch(client, lifter, workout_id, work[4], {"reps": 5, "note": "miscounted: it was 5"})

    assert result.status_code == 200, result.text
    body = result.json
    assert body["set"]["reps"] == 5 and body["set"]["note"] == "miscounted: it was 5"
    assert body["set"]["corrected_at"] is not None
    assert ("reverted", "squat", "deload-after-three-failures", 100, 100) in changes(body)
    assert ("applied", "squat", "add-weight", 100, 105) in changes(body)
    reapplied_bench = [c for c in changes(body) if c[0] == "applied" and c[1] == "bench-press"]
    assert reapplied_bench == [("applied", "bench-press", "add-weight", 80, 85)]  # unchanged, applied again
    squat = slots(client, lifter)["squat"]
    assert (squat["weight"], squat["failure_count"]) == (105, 0)
    assert slots(client, lifter)["bench-press"]["weight"] == 85  # not applied twice
    assert body["workout"]["status"] == "COMPLETED"
    assert body["state"]["position"]["day_index"] == 1  # the machines did not move again

    # The next workout is prescribed from the corrected progression.
    next_workout = start(client, lifter)["workout"]
    assert work_sets(next_workout)[0]["weight"] == 105


def test_the_amendment_is_in_the_transition_log_and_the_progression_log(client, catalog, db_engine):
    lifter = client.register()
    workout_id = squat_workout(client, lifter, last_squat_reps=3)
    work = work_of(client, lifter, workout_id)
    finish(client, lifter, workout_id)
    set_id = patch(client, lifter, workout_id, work[4], {"reps": 5}).json["set"]["id"]

    with db_engine.connect() as conn:
        entry = conn.execute(select(TransitionLogEntry).where(
            TransitionLogEntry.entity_id == set_id, TransitionLogEntry.transition == "correct_set")).one()
        logs = conn.execute(select(ProgressionLog).where(ProgressionLog.workout_id == workout_id)).all()
    assert entry.user_id == lifter.id and entry.machine == "set"
    payload = entry.payload
    assert (payload["before"]["reps"], payload["after"]["reps"]) == (3, 5)
    assert payload["workout_status"] == "COMPLETED"
    reverted = [row for row in logs if row.reverted_by is not None]
    applied = [row for row in logs if row.amendment_id is not None]
    assert {row.reverted_by for row in reverted} == {payload["amendment_id"]}
    assert {row.amendment_id for row in applied} == {payload["amendment_id"]}
    failure = next(row for row in reverted if row.slot == "squat")
    assert (failure.previous_state["failure_count"], failure.new_state["failure_count"]) == (0, 1)
    assert sorted(payload["progressions_applied"]) == sorted(row.idempotency_key for row in applied)
    assert len(payload["progressions_reverted"]) == len(reverted)

    # History shows both: the reverted rows and the ones the amendment applied, over HTTP.
    items = client.get(f"/users/{lifter.id}/progression-logs?limit=100", token=lifter.token).json["items"]
    squat = [(i["rule"], i["reverted_by"] is not None, i["amendment_id"] is not None) for i in items
             if i["slot"] == "squat"]
    assert sorted(squat) == [("add-weight", False, True), ("deload-after-three-failures", True, False)]
    assert all(i["workout_id"] == workout_id for i in items)


def test_correcting_twice_equals_correcting_once(client, catalog):
    lifter = client.register()
    workout_id = squat_workout(client, lifter, last_squat_reps=3)
    work = work_of(client, lifter, workout_id)
    finish(client, lifter, workout_id)
    patch(client, lifter, workout_id, work[4], {"reps": 5})
    once = slots(client, lifter)

    again = patch(client, lifter, workout_id, work[4], {"weight": 100})

    assert again.status_code == 200, again.text
    assert slots(client, lifter) == once
    assert ("reverted", "squat", "add-weight", 105, 100) in changes(again.json)


def test_correcting_a_good_set_into_a_failure_holds_the_lift(client, catalog):
    lifter = client.register()
    workout_id = squat_workout(client, lifter, last_squat_reps=5)
    work = work_of(client, lifter, workout_id)
    finish(client, lifter, workout_id)
    assert slots(client, lifter)["squat"]["weight"] == 105

    body = patch(client, lifter, workout_id, work[2], {"reps": 4}).json

    squat = slots(client, lifter)["squat"]
    assert (squat["weight"], squat["failure_count"]) == (100, 1)
    assert ("reverted", "squat", "add-weight", 105, 100) in changes(body)


def test_deleting_a_set_of_the_workout_in_progress_re_derives_its_failure(client, catalog, db_engine):
    lifter = client.register()
    enroll(client, lifter, STRONGLIFTS, STRONGLIFTS_INPUTS)
    workout_id = start(client, lifter)["workout"]["id"]
    work = work_of(client, lifter, workout_id)
    log(client, lifter, workout_id, work[0], 5)
    log(client, lifter, workout_id, work[1], 2)
    assert slots(client, lifter)["squat"]["failure_count"] == 1

    result = client.delete(f"/workouts/{workout_id}/sets/{work[1]}", token=lifter.token)

    assert result.status_code == 200, result.text
    assert result.json["set"] is None
    assert slots(client, lifter)["squat"]["failure_count"] == 0
    workout = result.json["workout"]
    assert workout["status"] == "IN_PROGRESS"
    assert [s["logged"] is not None for s in work_sets(workout)[:3]] == [True, False, False]
    # The set can be logged again, as if it never had been.
    log(client, lifter, workout_id, work[1], 5)
    finished = finish(client, lifter, workout_id)
    assert ("squat", 100, 105) in {(c["slot"], c["previous"], c["new"]) for c in finished["progressions_applied"]}


def test_patch_in_progress_keeps_the_other_fields_and_clears_with_null(client, catalog):
    lifter = client.register()
    enroll(client, lifter, STRONGLIFTS, STRONGLIFTS_INPUTS)
    workout_id = start(client, lifter)["workout"]["id"]
    work = work_of(client, lifter, workout_id)
    log(client, lifter, workout_id, work[0], 5, rpe=8)

    noted = patch(client, lifter, workout_id, work[0], {"note": "belt on"}).json["set"]
    assert (noted["reps"], noted["weight"], noted["rpe"], noted["note"]) == (5, 100, 8, "belt on")
    cleared = patch(client, lifter, workout_id, work[0], {"rpe": None, "note": None}).json["set"]
    assert (cleared["rpe"], cleared["note"]) == (None, None)
    heavier = patch(client, lifter, workout_id, work[0], {"weight": 102.5}).json["set"]
    assert Decimal(str(heavier["weight"])) == Decimal("102.5") and heavier["reps"] == 5


def test_window_closed_once_a_later_workout_started(client, catalog, db_engine):
    lifter = client.register()
    workout_id = squat_workout(client, lifter, last_squat_reps=3)
    work = work_of(client, lifter, workout_id)
    finish(client, lifter, workout_id)
    start(client, lifter)
    before = row_counts(db_engine)

    problem = assert_problem(patch(client, lifter, workout_id, work[4], {"reps": 5}), 409,
                             "correction_window_closed")

    assert problem["reason"] == "later_workout"
    assert {a["action"] for a in problem["allowed_actions"]} >= {"log_set", "finish_workout"}
    problem = assert_problem(client.delete(f"/workouts/{workout_id}/sets/{work[4]}", token=lifter.token), 409,
                             "correction_window_closed")
    assert row_counts(db_engine) == before
    assert slots(client, lifter)["squat"]["failure_count"] == 1


def test_window_closed_after_the_week_was_advanced_and_for_abandoned_workouts(client, catalog):
    lifter = client.register()
    workout_id = squat_workout(client, lifter, last_squat_reps=3)
    work = work_of(client, lifter, workout_id)
    finish(client, lifter, workout_id)
    advanced = client.post(f"/users/{lifter.id}/enrollment/advance-week", token=lifter.token)
    assert advanced.status_code == 200, advanced.text

    problem = assert_problem(patch(client, lifter, workout_id, work[4], {"reps": 5}), 409,
                             "correction_window_closed")
    assert problem["reason"] == "enrollment_moved_on"

    abandoned = start(client, lifter)["workout"]["id"]
    abandoned_work = work_of(client, lifter, abandoned)
    log(client, lifter, abandoned, abandoned_work[0], 5)
    finish(client, lifter, abandoned, verb="abandon")
    problem = assert_problem(patch(client, lifter, abandoned, abandoned_work[0], {"reps": 4}), 409,
                             "correction_window_closed")
    assert problem["reason"] == "abandoned"


def test_correction_refusals(client, catalog):
    owner, intruder = client.register(), client.register()
    enroll(client, owner, STRONGLIFTS, STRONGLIFTS_INPUTS)
    workout_id = start(client, owner)["workout"]["id"]
    work = work_of(client, owner, workout_id)
    log(client, owner, workout_id, work[0], 5)

    assert_problem(patch(client, intruder, workout_id, work[0], {"reps": 1}), 404, "not_found")
    assert_problem(patch(client, owner, workout_id, work[3], {"reps": 1}), 404, "set_not_logged")
    assert_problem(client.delete(f"/workouts/{workout_id}/sets/{work[3]}", token=owner.token), 404, "set_not_logged")
    assert_problem(patch(client, owner, workout_id, work[0], {}), 422, "validation_failed")
    assert_problem(patch(client, owner, workout_id, work[0], {"note": "x" * 1001}), 422, "validation_failed")
    assert_problem(patch(client, owner, workout_id, "first", {"reps": 1}), 422, "validation_failed")
    assert patch(client, owner, workout_id, work[0], {"note": "x" * 1000}).status_code == 200


NSUNS_ONE_RMS = {f"{lift}.1rm": {"weight": w, "unit": "lb"}
                 for lift, w in {"bench-press": 200, "squat": 300, "deadlift": 400, "overhead-press": 135}.items()}
RTS_ONE_RMS = {f"{lift}.1rm": {"weight": w, "unit": "lb"} for lift, w in {"squat": 300, "bench-press": 200,
                                                                         "deadlift": 400}.items()}


def top_set(workout: dict, lift: str) -> int:
    return next(s["set_index"] for s in workout["sets"] if s["lift"] == lift and s["tag"] == "top")


def test_an_amrap_correction_re_derives_the_week_and_cycle_it_completed(client, catalog):
    """nSuns 5-day: a one-week cycle whose TMs move by the reps of each 1+ set (AFTER_WEEK).
    Friday's bench 1+ set logged as 4 reps (+10: 180 -> 190), corrected to 6 after the finish
    that completed the week and the cycle: 180 -> 195 (6+: +15), the cycle stays completed."""
    lifter = client.register()
    enroll(client, lifter, "nsuns-531-lp-5day", NSUNS_ONE_RMS)
    for _ in range(4):
        finish(client, lifter, start(client, lifter)["workout"]["id"])
    friday = start(client, lifter)["workout"]
    log(client, lifter, friday["id"], top_set(friday, "bench-press"), 4)
    finished = finish(client, lifter, friday["id"])
    assert ("bench-press", 180, 190) in {(c["slot"], c["previous"], c["new"]) for c in finished["progressions_applied"]}
    assert finished["state"]["enrollment_status"] == "BETWEEN_CYCLES"

    body = patch(client, lifter, friday["id"], top_set(friday, "bench-press"), {"reps": 6}).json

    assert [c for c in changes(body) if c[1] == "bench-press"] == [
        ("reverted", "bench-press", "one-plus-set", 190, 180), ("applied", "bench-press", "one-plus-set", 180, 195)]
    assert all(c["trigger"] == "AFTER_WEEK" for c in body["progressions_applied"])
    assert slots(client, lifter)["bench-press"]["weight"] == 195
    assert (body["state"]["enrollment_status"], body["state"]["cycle_status"]) == ("BETWEEN_CYCLES", "COMPLETED")
    # After the next cycle begins, the finished week is settled.
    assert client.post(f"/users/{lifter.id}/enrollment/next-cycle", token=lifter.token).status_code == 200
    problem = assert_problem(patch(client, lifter, friday["id"], top_set(friday, "bench-press"), {"reps": 4}),
                             409, "correction_window_closed")
    assert problem["reason"] == "enrollment_moved_on"


def test_an_after_set_correction_equals_logging_the_corrected_set_from_scratch(client, catalog):
    """RTS: each squat top set re-estimates the max (AFTER_SET) and the sets still to come are
    prescribed again. One lifter logs the top set at RPE 10 by mistake, the next sets at the
    weights then prescribed, and corrects the RPE to 9; another logs RPE 9 from the start and the
    same next sets: the maxes and the workout's prescription come out the same."""
    typo, straight = client.register(), client.register()
    for lifter in (typo, straight):
        enroll(client, lifter, "rts-intermediate", RTS_ONE_RMS)
    workouts = {lifter.id: start(client, lifter)["workout"] for lifter in (typo, straight)}
    top = top_set(workouts[typo.id], "squat")

    first = log(client, typo, workouts[typo.id]["id"], top, 5, rpe=10)
    later = [s for s in first["workout"]["sets"] if s["lift"] == "squat" and s["set_index"] > top][:2]
    assert later and later[0]["weight"] != workouts[typo.id]["sets"][later[0]["set_index"]]["weight"]  # moved
    for item in later:
        log(client, typo, workouts[typo.id]["id"], item["set_index"], 5, weight=item["weight"], rpe=8)
    corrected = patch(client, typo, workouts[typo.id]["id"], top, {"rpe": 9})
    assert corrected.status_code == 200, corrected.text
    assert {c["correction"] for c in corrected.json["progressions_applied"]} == {"reverted", "applied"}

    log(client, straight, workouts[straight.id]["id"], top, 5, rpe=9)
    for item in later:
        log(client, straight, workouts[straight.id]["id"], item["set_index"], 5, weight=item["weight"], rpe=8)

    def comparable(lifter):
        workout = client.get(f"/workouts/{workouts[lifter.id]['id']}", token=lifter.token).json["workout"]
        prescribed = [(s["set_index"], s["weight"], s["target_reps"]) for s in workout["sets"]]
        logged = [(s["logged"]["weight"], s["logged"]["reps"], s["logged"]["rpe"]) for s in workout["sets"]
                  if s["logged"]]
        return slots(client, lifter), prescribed, logged

    assert comparable(typo) == comparable(straight)
