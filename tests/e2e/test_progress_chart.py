"""The progress-chart recipe of the frontend guide: three Starting Strength workouts, then what a
chart and a records screen read. Numbers worked by hand: squat 3 x 5 at 135, 140, 145 lb (+5 lb a
successful session); e1RM by Epley, w x (30 + r) / 30 (specs/estimates.yaml)."""

from __future__ import annotations

from tests.support.work_sets import work_sets

WORK_WEIGHTS = {"squat.work": 135, "overhead-press.work": 75, "bench-press.work": 115, "deadlift.work": 185}


def test_a_lifter_reads_a_progress_chart_and_records(frontend):
    """A progress chart plots one point per training day from `GET /users/{user_id}/lifts/{lift}/history`
    (newest first, paged; `from`/`to` pick a date range, YYYY-MM-DD in UTC): `e1rm` is the day's best
    estimated 1RM, `top_set` the heaviest set, `volume` sets x reps x weight and `hard_sets` the sets at RPE 7
    or more (or, with no RPE, at 70% or more of the day's e1RM). Warm-ups never count; sets logged before
    workouts were tracked do. A line for a training max or work weight comes from
    `GET /users/{user_id}/slots/history?lift=` (every value a slot took: `new` against `applied_at`, with the
    rule and workout that changed it). Every logged set answers the personal records it broke in `records`
    (celebrate them at once); `GET /users/{user_id}/records` lists them all, each with the set that made it.
    `GET /users/{user_id}/sets?lift=&from=&to=&workout_id=` lists the sets themselves, each with its `e1rm`.
    AMRAP sets also show their `e1rm` in the workout. Weights are in the lifter's unit."""
    app = frontend("starting-strength")
    app.register()
    app.enroll(WORK_WEIGHTS)
    squats = [app.complete_workout()[0] for _ in range(2)]
    squats.append(app.start())
    first, *rest = work_sets(squats[2])  # the warm-ups before are left unlogged
    assert (first["lift"], first["weight"]) == ("squat", 145)
    logged = app.call("log a set that breaks records", "POST", f"/workouts/{squats[2]['id']}/sets",
                      {"set_index": first["set_index"], "reps": 5}, 201)
    # 145 x 5 beats 140 x 5; its e1RM 145 x 35 / 30 = 169.167 beats 140 x 35 / 30 = 163.333; its
    # workout's volume so far, 725, is short of the last workout's 2,100.
    assert [(r["record"], r.get("weight", r.get("e1rm")), r["previous"]) for r in logged["records"]] == [
        ("rep_max", 145, 140), ("e1rm", 169.167, 163.333)]
    for item in rest:
        app.log_set(squats[2], item["set_index"], item["target_reps"])
    app.finish(squats[2])
    me = f"/users/{app.lifter.id}"

    chart = app.call("chart a lift: one point per training day", "GET", f"{me}/lifts/squat/history")
    day = chart["items"][0]
    # 135 x 5 x 3 + 140 x 5 x 3 + 145 x 5 x 3 = 2,025 + 2,100 + 2,175 = 6,300; best e1RM
    # 145 x 35 / 30 = 169.167; every set is hard: 135 is 79.8% of 169.167 (70% needed).
    assert (chart["total"], day["e1rm"], day["volume"], day["sets"], day["hard_sets"]) == (1, 169.167, 6300, 9, 9)
    assert (day["top_set"]["weight"], day["top_set"]["reps"]) == (145, 5)

    line = app.call("chart a training max or work weight", "GET", f"{me}/slots/history?lift=squat")
    assert [(e["previous"], e["new"], e["workout_id"]) for e in line["items"]] == [
        (145, 150, squats[2]["id"]),
        (140, 145, squats[1]["id"]), (135, 140, squats[0]["id"])]

    records = app.call("read the personal records", "GET", f"{me}/records?lift=squat")["records"][0]
    assert [(m["reps"], m["weight"], m["workout_id"]) for m in records["rep_maxes"]] == [(5, 145, squats[2]["id"])]
    assert (records["e1rm"]["e1rm"], records["session_volume"]["volume"]) == (169.167, 2175)

    sets = app.call("list the sets of one lift", "GET", f"{me}/sets?lift=squat&limit=3")
    assert [(s["weight"], s["reps"], s["e1rm"]) for s in sets["items"]] == [(145, 5, 169.167)] * 3
    assert sets["total"] == 9
