"""Personal records and lift history over HTTP, with every figure worked by hand.

The lifter runs 5/3/1 BBB with a 135 lb overhead-press max (training max 121.5 lb): day 1 is
overhead press 80 x 5, 90 x 5, 105 x 5+ (AMRAP), then 5 x 10 at 60 lb. Before the program they
logged (from an older app, a legacy set: no workout) 100 lb x 10 on 2025-01-15, and a warm-up
single at 200 lb that day, which never counts. e1RMs without an RPE are Epley, w x (30 + r) / 30
(specs/estimates.yaml); with an RPE, the RPE chart.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy.orm import Session

from engine.db.models import LoggedSet
from tests.api.flows import STRONGLIFTS, STRONGLIFTS_INPUTS, enroll, finish, log, start
from tests.support.http import assert_problem, invalid_paths
from tests.support.work_sets import work_indices, work_sets

OHP = "overhead-press"
LEGACY_DAY = datetime(2025, 1, 15, 18, 0)


def legacy_sets(services, user_id: str) -> None:
    """What an older app left: sets with a client-made session id, one of them a warm-up."""
    with Session(services.db) as session:
        for weight, reps, warmup, minute in ((200, 1, True, 0), (100, 10, False, 5)):
            session.add(LoggedSet(user_id=user_id, session_id="app-session-1", lift_slug=OHP, weight=Decimal(weight),
                                  unit="lb", reps=reps, warmup=warmup, logged_at=LEGACY_DAY.replace(minute=minute)))
        session.commit()


def records_of(answer: dict) -> list[tuple]:
    return [(r["record"], r.get("reps"), r.get("weight", r.get("e1rm", r.get("volume"))), r["previous"])
            for r in answer["records"]]


def test_a_logged_set_answers_the_records_it_broke_legacy_sets_counting_and_warm_ups_not(client, services, catalog,
                                                                                          recorder):
    lifter = client.register()
    legacy_sets(services, lifter.id)
    enroll(client, lifter)
    workout = start(client, lifter)["workout"]
    assert [(s["weight"], s["target_reps"], s["is_amrap"]) for s in work_sets(workout)[:4]] == [
        (80, 5, False), (90, 5, False), (105, 5, True), (60, 10, False)]
    wid, work = workout["id"], work_indices(workout)  # the warm-ups before them are left unlogged

    # 105 x 8: Epley 105 x 38 / 30 = 133, short of the legacy 100 x 10 (100 x 40 / 30 = 133.333);
    # the workout's volume, 840, short of the legacy session's 1,000 (the 200 lb warm-up left out).
    amrap = log(client, lifter, wid, work[2], 8)
    assert records_of(amrap) == [("rep_max", 8, 105, None)]
    assert amrap["set"]["e1rm"] == 133  # an AMRAP set shows its e1RM
    assert "e1rm" not in log(client, lifter, wid, work[0], 5)["set"]  # 80 x 5: not an AMRAP set
    # After 80 x 5 (above): volume 840 + 400 = 1,240 > 1,000. Now 90 x 5 beats 80 x 5 and makes 1,690.
    assert records_of(log(client, lifter, wid, work[1], 5)) == [
        ("rep_max", 5, 90, 80), ("session_volume", None, 1690, 1240)]
    # 60 x 10 is no 10-rep max (100 x 10 is); 1,690 + 600 = 2,290.
    assert records_of(log(client, lifter, wid, work[3], 10)) == [("session_volume", None, 2290, 1690)]
    # 110 x 10? The lifter sends the weight lifted: 110 x 10 beats 100 x 10, and its e1RM
    # 110 x 40 / 30 = 146.667 beats 133.333; volume 2,290 + 1,100 = 3,390.
    assert records_of(log(client, lifter, wid, work[4], 10, weight=110)) == [
        ("rep_max", 10, 110, 100), ("e1rm", None, 146.667, 133.333), ("session_volume", None, 3390, 2290)]

    records = client.get(f"/users/{lifter.id}/records", token=lifter.token).json["records"]
    assert [r["lift"] for r in records] == [OHP]
    ohp = records[0]
    assert [(m["reps"], m["weight"], m["workout_id"]) for m in ohp["rep_maxes"]] == [
        (5, 90, wid), (8, 105, wid), (10, 110, wid)]  # the 200 lb warm-up single is no 1-rep max
    assert (ohp["e1rm"]["e1rm"], ohp["e1rm"]["weight"], ohp["e1rm"]["reps"]) == (146.667, 110, 10)
    assert (ohp["session_volume"]["volume"], ohp["session_volume"]["workout_id"]) == (3390, wid)


def test_records_keep_the_first_set_to_reach_a_weight_and_name_legacy_sets(client, services, catalog, recorder):
    lifter = client.register()
    legacy_sets(services, lifter.id)
    enroll(client, lifter)
    workout = start(client, lifter)["workout"]
    wid = workout["id"]
    # The first work set at 100 x 10: matched, not beaten.
    assert records_of(log(client, lifter, wid, work_indices(workout)[0], 10, weight=100)) == []

    ohp = client.get(f"/users/{lifter.id}/records?lift={OHP}", token=lifter.token).json["records"][0]
    legacy = ohp["rep_maxes"][0]
    assert (legacy["reps"], legacy["weight"], legacy["session_id"], legacy["workout_id"]) == (
        10, 100, "app-session-1", None)
    assert ohp["e1rm"]["e1rm"] == 133.333 and ohp["e1rm"]["set_id"] == legacy["set_id"]
    assert (ohp["session_volume"]["volume"], ohp["session_volume"]["session_id"]) == (1000, "app-session-1")
    assert client.get(f"/users/{lifter.id}/records?lift=squat", token=lifter.token).json == {"records": []}
    assert_problem(client.get(f"/users/{lifter.id}/records?lift=curl", token=lifter.token), 404, "unknown_lift")


def test_an_rpe_logged_estimates_from_the_rpe_chart(client, services, catalog):
    lifter = client.register()
    enroll(client, lifter)
    workout = start(client, lifter)["workout"]
    wid = workout["id"]
    # 60 x 10 at RPE 8: the chart's 10 reps at RPE 8 is 68.0% (index (10 - 1 + 10 - 8) x 2 = 22),
    # so 60 / 0.68 = 88.235; Epley would say 80.
    answer = log(client, lifter, wid, work_indices(workout)[3], 10, rpe=8)
    assert ("e1rm", None, 88.235, None) in records_of(answer)


def test_lift_history_gives_each_training_day_its_top_set_e1rm_volume_and_hard_sets(client, services, catalog,
                                                                                   recorder):
    lifter = client.register()
    legacy_sets(services, lifter.id)
    enroll(client, lifter)
    workout = start(client, lifter)["workout"]
    wid, work = workout["id"], work_indices(workout)
    for index, reps, extra in ((0, 5, {}), (1, 5, {}), (2, 8, {}), (3, 10, {}), (4, 10, {"rpe": 8})):
        log(client, lifter, wid, work[index], reps, **extra)
    path = f"/users/{lifter.id}/lifts/{OHP}/history"

    page = client.get(path, token=lifter.token).json
    assert (page["total"], page["next_offset"]) == (2, None)
    today, legacy = page["items"]
    assert legacy == {"date": "2025-01-15", "unit": "lb", "e1rm": 133.333, "volume": 1000, "sets": 1,
                      "hard_sets": 1,  # 100 lb is 75% of 133.333: at least 70%
                      "top_set": {"set_id": legacy["top_set"]["set_id"], "weight": 100, "unit": "lb", "reps": 10,
                                  "rpe": None}}
    # 80 x 5, 90 x 5, 105 x 8, 60 x 10, 60 x 10 @ 8: volume 400 + 450 + 840 + 600 + 600 = 2,890;
    # best e1RM 105 x 38 / 30 = 133; hard: 105 (79% of 133) and the RPE 8 set; 90 is 67.7%.
    assert (today["top_set"]["weight"], today["top_set"]["reps"]) == (105, 8)
    assert (today["e1rm"], today["volume"], today["sets"], today["hard_sets"]) == (133, 2890, 5, 2)

    second = client.get(f"{path}?limit=1&offset=1", token=lifter.token).json
    assert second["items"] == [legacy] and second["next_offset"] is None
    only_legacy = client.get(f"{path}?from=2025-01-01&to=2025-01-15", token=lifter.token).json
    assert only_legacy["items"] == [legacy]
    assert_problem(client.get(f"/users/{lifter.id}/lifts/curl/history", token=lifter.token), 404, "unknown_lift")
    problem = assert_problem(client.get(f"{path}?from=2025-02-30", token=lifter.token), 422, "validation_failed")
    assert "query.from" in invalid_paths(problem)


def test_sets_are_filtered_by_lift_days_and_workout(client, services, catalog, recorder):
    lifter = client.register()
    legacy_sets(services, lifter.id)
    enroll(client, lifter)
    workout = start(client, lifter)["workout"]
    wid, work = workout["id"], work_indices(workout)
    log(client, lifter, wid, work[2], 8)
    log(client, lifter, wid, work[5], 10)  # 60 x 10 of the BBB sets
    path = f"/users/{lifter.id}/sets"

    mine = client.get(f"{path}?workout_id={wid}", token=lifter.token).json
    assert [(s["weight"], s["reps"], s["e1rm"], s["warmup"]) for s in mine["items"]] == [
        (60, 10, 80, False), (105, 8, 133, False)]  # 60 x 40 / 30 = 80
    legacy = client.get(f"{path}?lift={OHP}&from=2025-01-15&to=2025-01-15", token=lifter.token).json
    assert [(s["weight"], s["reps"], s["warmup"], s["e1rm"]) for s in legacy["items"]] == [
        (100, 10, False, 133.333), (200, 1, True, None)]  # a warm-up is listed, never estimated
    assert client.get(f"{path}?lift=squat", token=lifter.token).json["total"] == 0
    assert client.get(f"{path}?from=0001-01-01&to=9999-12-31", token=lifter.token).json["total"] == 4
    paged = client.get(f"{path}?lift={OHP}&limit=3&offset=3", token=lifter.token).json
    assert (paged["total"], len(paged["items"]), paged["next_offset"]) == (4, 1, None)
    assert_problem(client.get(f"{path}?lift=curl", token=lifter.token), 404, "unknown_lift")
    problem = assert_problem(client.get(f"{path}?to=yesterday", token=lifter.token), 422, "validation_failed")
    assert "query.to" in invalid_paths(problem)


def test_slot_history_lists_every_value_a_slot_took_with_its_rule_and_workout(client, catalog, recorder):
    lifter = client.register()
    enroll(client, lifter, STRONGLIFTS, STRONGLIFTS_INPUTS)
    workouts = []
    for _ in range(3):  # A, B, A: squat succeeds three times, 100 -> 105 -> 110 -> 115 lb
        workout = start(client, lifter)["workout"]
        for prescribed in workout["sets"]:
            log(client, lifter, workout["id"], prescribed["set_index"], 5)
        finish(client, lifter, workout["id"])
        workouts.append(workout["id"])

    page = client.get(f"/users/{lifter.id}/slots/history?lift=squat&limit=2", token=lifter.token).json
    assert [(e["previous"], e["new"], e["workout_id"]) for e in page["items"]] == [
        (110, 115, workouts[2]), (105, 110, workouts[1])]
    assert (page["total"], page["next_offset"]) == (3, 2)
    assert {e["rule"] for e in page["items"]} == {page["items"][0]["rule"]} and page["items"][0]["slot"]
    rest = client.get(f"/users/{lifter.id}/slots/history?lift=squat&offset=2", token=lifter.token).json
    assert [(e["previous"], e["new"], e["workout_id"]) for e in rest["items"]] == [(100, 105, workouts[0])]
    today = page["items"][0]["applied_at"][:10]
    assert client.get(f"/users/{lifter.id}/slots/history?to=2000-01-01", token=lifter.token).json["total"] == 0
    assert client.get(f"/users/{lifter.id}/slots/history?from={today}", token=lifter.token).json["total"] == 9
    assert_problem(client.get(f"/users/{lifter.id}/slots/history?lift=curl", token=lifter.token), 404,
                   "unknown_lift")


def test_a_lifter_in_kg_sees_records_and_history_in_kg(client, services, catalog):
    lifter = client.register(weight_unit="kg")
    legacy_sets(services, lifter.id)  # 100 lb x 10, lifted in lb
    # 100 lb = 45.359237 kg; its e1RM 45.359237 x 40 / 30 = 60.479 kg (133.333 lb x 0.45359237 alike);
    # the volume 1,000 lb = 453.59237 kg, shown to three decimals.
    ohp = client.get(f"/users/{lifter.id}/records", token=lifter.token).json["records"][0]
    assert (ohp["rep_maxes"][0]["weight"], ohp["rep_maxes"][0]["unit"]) == (45.359, "kg")
    assert (ohp["e1rm"]["e1rm"], ohp["e1rm"]["unit"]) == (60.479, "kg")
    assert (ohp["session_volume"]["volume"], ohp["session_volume"]["unit"]) == (453.592, "kg")
    day = client.get(f"/users/{lifter.id}/lifts/{OHP}/history", token=lifter.token).json["items"][0]
    assert (day["unit"], day["e1rm"], day["volume"], day["top_set"]["weight"]) == ("kg", 60.479, 453.592, 45.359)
