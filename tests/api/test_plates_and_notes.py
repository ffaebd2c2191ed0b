"""Plates and notes through HTTP (issue 12 items 4 and 6), on both engines.

Hand-worked loads (per side = (load - bar) / 2, a standard gym's plates by default):
- 315 lb on a 45 lb bar: 135 a side = 45 x 3; 80 lb: 17.5 a side = 10 + 5 + 2.5.
- 142.5 kg on a 20 kg bar: 61.25 a side = 25 x 2 + 10 + 1.25.
- GreySkull LP rounds to 2.5 lb; a 137.5 lb squat is 46.25 a side, which 2.5 lb plates (the
  smallest without microplates) cannot make: 45 or 47.5 a side, 135 or 140; exactly between, so
  up: 140, marked adjusted. With microplates: 45 + 1.25 a side, 137.5 as written.
"""

from __future__ import annotations

from engine import idempotency
from tests.api.flows import STRONGLIFTS, STRONGLIFTS_INPUTS, enroll, finish, log, start
from tests.support.http import assert_problem
from tests.support.work_sets import work_sets

GREYSKULL = "greyskull-lp"
GREYSKULL_WEIGHTS = {"overhead-press": 65, "squat": 137.5, "bench-press": 95, "barbell-row": 95, "deadlift": 135}
GREYSKULL_INPUTS = {f"{lift}.work": {"weight": weight, "unit": "lb"} for lift, weight in GREYSKULL_WEIGHTS.items()}
GREYSKULL_SQUAT = (6, 7, 8)  # workout A: press 0-2, chin-ups 3-5, squat 6-8


def side(*plates: tuple[float, int]) -> list[dict]:
    return [{"plate": plate, "count": count} for plate, count in plates]


def next_sets(client, lifter) -> list[dict]:
    """The next workout's work sets (warm-ups left out)."""
    body = client.get(f"/users/{lifter.id}/enrollment", token=lifter.token).json
    return work_sets(body["enrollment"]["next_workout"])


def put_equipment(client, lifter, body: dict) -> dict:
    result = client.put("/users/me/equipment", json=body, token=lifter.token)
    assert result.status_code == 200, result.text
    return result.json["equipment"]


def test_a_lifter_who_never_said_has_a_standard_gym_and_315_lb_is_three_45s_a_side(client, catalog, recorder):
    lifter = client.register()
    equipment = client.get("/users/me/equipment", token=lifter.token).json["equipment"]
    assert equipment["bar"] == {"lb": 45, "kg": 20} and equipment["microplates"] is False
    assert {"weight": 2.5, "count": 2} in equipment["plates"]["lb"]

    inputs = {**STRONGLIFTS_INPUTS, "squat.work": {"weight": 315, "unit": "lb"}}
    enroll(client, lifter, STRONGLIFTS, inputs)
    squat, bench = next_sets(client, lifter)[0], next_sets(client, lifter)[5]

    assert squat["weight"] == 315
    assert squat["plates"] == {"bar": 45, "per_side": side((45, 3)), "program_weight": 315, "adjusted": False,
                               "reason": None}
    assert bench["weight"] == 80 and bench["plates"]["per_side"] == side((10, 1), (5, 1), (2.5, 1))
    workout = start(client, lifter)["workout"]
    assert work_sets(workout)[0]["plates"]["per_side"] == side((45, 3))
    # Its warm-ups carry plates too: the bar alone, then 40% of 315 = 126 -> 125 (floored): 40 a side = 35 + 5.
    bar, _, first_plates = workout["sets"][:3]
    assert (bar["warmup"], bar["weight"], bar["plates"]["per_side"]) == (True, 45, [])
    assert (first_plates["weight"], first_plates["plates"]["per_side"]) == (125, side((35, 1), (5, 1)))


def test_142_5_kg_is_two_25s_a_10_and_a_1_25_a_side(client, catalog):
    lifter = client.register()
    assert client.request("PATCH", "/users/me", json={"weight_unit": "kg"}, token=lifter.token).status_code == 200
    inputs = {**{k: {"weight": 40, "unit": "kg"} for k in STRONGLIFTS_INPUTS},
              "squat.work": {"weight": 142.5, "unit": "kg"}}
    enroll(client, lifter, STRONGLIFTS, inputs)

    squat = next_sets(client, lifter)[0]

    assert (squat["weight"], squat["unit"]) == (142.5, "kg")
    assert squat["plates"]["bar"] == 20
    assert squat["plates"]["per_side"] == side((25, 2), (10, 1), (1.25, 1))


def test_without_microplates_a_load_is_rounded_to_what_the_plates_make_and_says_so(client, catalog, recorder):
    lifter = client.register()
    enroll(client, lifter, GREYSKULL, GREYSKULL_INPUTS)

    squat = next_sets(client, lifter)[GREYSKULL_SQUAT[0]]
    assert squat["weight"] == 140
    assert squat["plates"]["per_side"] == side((45, 1), (2.5, 1))
    assert squat["plates"]["adjusted"] is True and squat["plates"]["program_weight"] == 137.5
    assert "137.5 lb" in squat["plates"]["reason"] and "140 lb" in squat["plates"]["reason"]
    assert next_sets(client, lifter)[3]["plates"] is None  # chin-ups: not a barbell

    # Microplates found: the stored answer changes at once, to the program's 137.5.
    saved = put_equipment(client, lifter, {"microplates": True})
    assert saved["microplates"] is True and saved["bar"] == {"lb": 45, "kg": 20}
    squat = next_sets(client, lifter)[GREYSKULL_SQUAT[0]]
    assert squat["weight"] == 137.5 and squat["plates"]["per_side"] == side((45, 1), (1.25, 1))
    assert squat["plates"]["adjusted"] is False

    # Mid-workout: the sets not yet logged follow the plates; a logged one keeps what was lifted.
    workout_id = start(client, lifter)["workout"]["id"]
    logged = log(client, lifter, workout_id, GREYSKULL_SQUAT[0], 5)
    assert logged["set"]["weight"] == 137.5  # the prescribed (loadable) weight, sent without one
    put_equipment(client, lifter, {"microplates": False})
    sets = client.get(f"/workouts/{workout_id}", token=lifter.token).json["workout"]["sets"]
    assert sets[GREYSKULL_SQUAT[0]]["weight"] == 137.5
    assert [sets[i]["weight"] for i in GREYSKULL_SQUAT[1:]] == [140, 140]


def test_own_plates_and_bar_decide_the_breakdown(client, catalog, recorder):
    lifter = client.register()
    # A 35 lb bar, two 35s and four 25s: 135 lb is 50 a side, which only 25 + 25 make.
    saved = put_equipment(client, lifter, {"bar": {"lb": 35},
                                           "plates": {"lb": [{"weight": 25, "count": 4}, {"weight": 35, "count": 2}]}})
    assert saved["plates"]["lb"] == [{"weight": 35, "count": 2}, {"weight": 25, "count": 4}]
    assert saved["plates"]["kg"][0] == {"weight": 25, "count": 12}  # a unit left out: the default
    enroll(client, lifter, STRONGLIFTS, {**STRONGLIFTS_INPUTS, "squat.work": {"weight": 135, "unit": "lb"}})
    squat = next_sets(client, lifter)[0]
    assert squat["plates"]["bar"] == 35 and squat["plates"]["per_side"] == side((25, 2))


def test_equipment_a_lifter_cannot_own_is_422_and_changes_nothing(client, recorder):
    lifter = client.register()
    for body in ({"plates": {"lb": [{"weight": 45, "count": -1}]}}, {"bar": {"lb": 1000}},
                 {"plates": {"lb": [{"weight": 0, "count": 2}]}}, {"gym": "mine"}):
        assert_problem(client.put("/users/me/equipment", json=body, token=lifter.token), 422, "validation_failed")
    assert client.get("/users/me/equipment", token=lifter.token).json["equipment"]["bar"]["lb"] == 45


def test_notes_on_sets_and_workouts_are_kept_and_shown_in_history_and_exports(client, catalog, recorder):
    lifter = client.register()
    enroll(client, lifter, STRONGLIFTS, STRONGLIFTS_INPUTS)
    started = client.post("/workouts/start", json={"note": "Slept badly"}, token=lifter.token)
    assert started.status_code == 201, started.text
    workout_id = started.json["workout"]["id"]
    assert started.json["workout"]["note"] == "Slept badly"
    assert started.json["state"]["current_workout_session"]["note"] == "Slept badly"

    logged = log(client, lifter, workout_id, 0, 5, note="Knees caved on rep 4")
    assert logged["set"]["note"] == "Knees caved on rep 4"
    result = client.post(f"/workouts/{workout_id}/finish", json={"note": "Felt better by the end"},
                         token=lifter.token)
    assert result.status_code == 200, result.text
    assert result.json["workout"]["note"] == "Felt better by the end"

    patched = client.request("PATCH", f"/workouts/{workout_id}", json={"note": "Deload next week?"},
                             token=lifter.token)
    assert patched.status_code == 200, patched.text
    assert patched.json["workout"]["note"] == "Deload next week?"
    assert client.get(f"/workouts/{workout_id}", token=lifter.token).json["workout"]["note"] == "Deload next week?"

    history = client.get(f"/users/{lifter.id}/sets", token=lifter.token).json["items"]
    assert [s["note"] for s in history] == ["Knees caved on rep 4"]
    listed = client.get(f"/users/{lifter.id}/workouts", token=lifter.token).json["items"]
    assert listed[0]["note"] == "Deload next week?"
    csv = client.get("/users/me/export/sets.csv", token=lifter.token).text
    assert ",Knees caved on rep 4,Deload next week?," in csv

    cleared = client.request("PATCH", f"/workouts/{workout_id}", json={"note": None}, token=lifter.token)
    assert cleared.json["workout"]["note"] is None


def test_a_note_too_long_or_on_someone_elses_workout_is_refused_and_changes_nothing(client, catalog, recorder):
    lifter, other = client.register(), client.register()
    enroll(client, lifter, STRONGLIFTS, STRONGLIFTS_INPUTS)
    workout_id = start(client, lifter)["workout"]["id"]
    too_long = "x" * 1001

    assert_problem(client.post(f"/workouts/{workout_id}/sets", json={"set_index": 0, "reps": 5, "note": too_long},
                               token=lifter.token), 422, "validation_failed")
    assert_problem(client.request("PATCH", f"/workouts/{workout_id}", json={"note": too_long}, token=lifter.token),
                   422, "validation_failed")
    assert_problem(client.post(f"/workouts/{workout_id}/finish", json={"note": too_long}, token=lifter.token),
                   422, "validation_failed")
    assert_problem(client.request("PATCH", f"/workouts/{workout_id}", json={"note": "mine now"}, token=other.token),
                   404, "not_found")
    workout = client.get(f"/workouts/{workout_id}", token=lifter.token).json["workout"]
    assert workout["status"] == "IN_PROGRESS" and workout["note"] is None and workout["sets"][0]["logged"] is None
    assert finish(client, lifter, workout_id)["workout"]["note"] is None  # no body: no note


def test_a_retry_while_the_first_still_runs_is_409_and_changes_nothing(services, client, catalog, recorder):
    lifter = client.register()
    enroll(client, lifter, STRONGLIFTS, STRONGLIFTS_INPUTS)
    workout_id = start(client, lifter)["workout"]["id"]
    writes = [("PUT", "/users/me/equipment", {"microplates": True}),
              ("PATCH", f"/workouts/{workout_id}", {"note": "A retry"})]
    for number, (method, path, body) in enumerate(writes):
        key = f"running-{number}"
        claimed = idempotency.claim(services, lifter.id, key, idempotency.fingerprint(method, path, body))
        assert isinstance(claimed, idempotency.Claim)  # another worker runs this very request
        result = client.request(method, path, json=body, token=lifter.token, headers={"Idempotency-Key": key})
        assert_problem(result, 409, "idempotency_key_in_flight")
    assert client.get("/users/me/equipment", token=lifter.token).json["equipment"]["microplates"] is False
    assert client.get(f"/workouts/{workout_id}", token=lifter.token).json["workout"]["note"] is None
