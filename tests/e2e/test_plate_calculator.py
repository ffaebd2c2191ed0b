"""The plate calculator and notes recipes of the frontend guide, through the real HTTP API.

GreySkull LP rounds its loads to 2.5 lb. Worked by hand, for a 137.5 lb squat on a 45 lb bar:
46.25 lb a side. A standard gym's smallest plate is 2.5 lb, so a side makes 45 or 47.5 (135 or
140 lb); 46.25 is exactly between, and the half goes up: 140, with 45 + 2.5 a side. Once the
lifter says they own microplates: 45 + 1.25 a side, the program's 137.5. The 62.5 lb press, the
guide's first set, the same way: 8.75 a side is between 7.5 and 10, so 65 lb with a 10 a side,
then 5 + 2.5 + 1.25 a side with microplates. The chin-ups are at bodyweight (no plates).
"""

from __future__ import annotations

WORK_WEIGHTS = {"overhead-press.work": 62.5, "squat.work": 137.5, "bench-press.work": 95, "barbell-row.work": 95,
                "deadlift.work": 135}
PRESS, CHIN_UP, SQUAT = 0, 3, 6  # workout A's first set of each exercise


def side(*plates: tuple[float, int]) -> list[dict]:
    return [{"plate": plate, "count": count} for plate, count in plates]


def test_a_lifter_loads_the_bar_with_their_own_plates(frontend):
    """Every barbell set carries `plates`: the `bar` and the plates for EACH side, heaviest
    first (`per_side`: draw them from the collar inwards, or list "45 + 2.5 each side"), with
    bar + 2 x per side = `weight`. Nothing to compute on the client: the server already rounded
    the load to what the lifter's plates make. When it had to (`adjusted: true`), show `reason`
    and `program_weight` beside the weight, so the lifter knows why it is not the program's number.
    Sets of other lifts (and weights the lifter chooses) have `plates: null`. The lifter's
    equipment (`GET`/`PUT /users/me/equipment`: bar and plates per unit, with counts; microplates)
    defaults to a standard gym's; saving it changes the next workout and the unlogged sets of the
    workout in progress at once: read them again from the answer of the next call."""
    app = frontend("greyskull-lp")
    app.register()
    standard = app.call("read your equipment", "GET", "/users/me/equipment")["equipment"]
    assert standard["bar"] == {"lb": 45, "kg": 20} and standard["microplates"] is False
    app.enroll(WORK_WEIGHTS)
    sets = app.enrollment()["enrollment"]["next_workout"]["sets"]
    press = sets[PRESS]
    assert (press["weight"], press["plates"]["adjusted"], press["plates"]["program_weight"]) == (65, True, 62.5)
    assert press["plates"]["per_side"] == side((10, 1))
    assert sets[CHIN_UP]["plates"] is None
    squat = sets[SQUAT]
    assert (squat["weight"], squat["plates"]["adjusted"], squat["plates"]["program_weight"]) == (140, True, 137.5)
    assert squat["plates"]["per_side"] == side((45, 1), (2.5, 1))

    saved = app.call("say you own microplates", "PUT", "/users/me/equipment", {"microplates": True})
    assert saved["equipment"]["microplates"] is True
    sets = app.call("read the enrollment again", "GET", f"/users/{app.lifter.id}/enrollment")
    press, squat = (sets["enrollment"]["next_workout"]["sets"][i] for i in (PRESS, SQUAT))
    assert (press["weight"], press["plates"]["adjusted"]) == (62.5, False)
    assert press["plates"]["per_side"] == side((5, 1), (2.5, 1), (1.25, 1))
    assert (squat["weight"], squat["plates"]["adjusted"]) == (137.5, False)
    assert squat["plates"]["per_side"] == side((45, 1), (1.25, 1))


def test_a_lifter_writes_notes_on_a_workout_and_its_sets(frontend):
    """A note (at most 1,000 characters) goes on a workout when it starts (`POST /workouts/start`
    with `{"note": ...}`; the body is optional), when it finishes (it replaces the note), or
    later with `PATCH /workouts/{workout_id}` (`null` removes it), in any state; and on a set
    when it is logged (`note` beside `reps`) or corrected (`PATCH .../sets/{set_index}`). The
    workout's `note` is in every workout answer and list, the set's in `logged` and in
    `GET /users/{user_id}/sets`; the CSV export fills Strong's Notes and Workout Notes columns."""
    app = frontend("greyskull-lp")
    app.register(look_up=False)
    app.enroll(WORK_WEIGHTS)
    workout = app.call("start a workout with a note", "POST", "/workouts/start", {"note": "Slept five hours"},
                       201)["workout"]
    assert workout["note"] == "Slept five hours"
    logged = app.call("log a set with a note", "POST", f"/workouts/{workout['id']}/sets",
                      {"set_index": PRESS, "reps": 5, "note": "Elbows flared"}, 201)
    assert logged["set"]["note"] == "Elbows flared"
    finished = app.call("finish with a note", "POST", f"/workouts/{workout['id']}/finish",
                        {"note": "Cut short: gym closing"})
    assert finished["workout"]["note"] == "Cut short: gym closing"
    later = app.call("change the workout's note later", "PATCH", f"/workouts/{workout['id']}",
                     {"note": "Cut short: gym closing. Press felt light."})
    assert later["workout"]["note"] == "Cut short: gym closing. Press felt light."
    history = app.call("read your sets with their notes", "GET", f"/users/{app.lifter.id}/sets")
    assert [s["note"] for s in history["items"]] == ["Elbows flared"]
