"""The calls a frontend makes beside the training recipe, and the refusals it must handle.

Not a program: what an app does around one (catalogs, signing in again, maxes, history, export,
quitting, signing out) and the mistakes a user makes on the way, each answered with the problem
the app branches on. Its exchanges are the OpenAPI document's examples of those operations.
"""

from __future__ import annotations

from tests.e2e.test_starting_strength import WORK_WEIGHTS

PASSWORD = "correct horse battery"
UNKNOWN_ID = "0b7d3c1e-9a53-4c55-8b4e-2f1d6c2a9e10"


def test_a_lifter_looks_around_signs_in_again_and_sets_maxes(frontend):
    """Catalogs first; a mistyped password, then the right one; maxes saved and read back."""
    app = frontend("starting-strength")
    app.call("read the OpenAPI document", "GET", "/openapi.json")
    app.call("read it in OpenAPI 3.0 terms", "GET", "/docs/openapi-3.0.json")
    app.call("open the interactive reference", "GET", "/docs")
    app.call("check the server", "GET", "/health")
    app.call("list the programs", "GET", "/programs")
    app.call("look up an unknown program", "GET", "/programs/no-such-program", expect=404)
    app.call("list the lifts", "GET", "/lifts")
    app.call("list the state machines", "GET", "/machines")
    app.call("read a state machine", "GET", "/machines/session")
    app.call("read an unknown state machine", "GET", "/machines/no-such-machine", expect=404)
    app.call("list the problem types", "GET", "/problems")
    app.call("read a problem type", "GET", "/problems/not_enrolled")
    app.call("read an unknown problem type", "GET", "/problems/no_such_problem", expect=404)
    lifter = app.register()
    app.call("register a taken email", "POST", "/auth/register",
             {"email": lifter.email, "password": PASSWORD, "weight_unit": "lb"}, 409)
    app.call("register with a weak password", "POST", "/auth/register",
             {"email": "weak@example.com", "password": "password", "weight_unit": "lb"}, 422)
    app.call("sign in with a wrong password", "POST", "/auth/login",
             {"email": lifter.email, "password": "not the password"}, 401)
    signed_in = app.call("sign in", "POST", "/auth/login", {"email": lifter.email, "password": PASSWORD})
    assert signed_in["user"]["id"] == lifter.id and signed_in["token"] != lifter.token

    maxes = f"/users/{lifter.id}/maxes"
    app.set_max("squat", 225, reps=1)
    app.call("save a max of an unknown lift", "PUT", f"{maxes}/no-such-lift", {"weight": 100, "unit": "lb"}, 404)
    saved = app.call("read the maxes", "GET", maxes)
    assert [m["lift"] for m in saved["maxes"]] == ["squat"]


def test_a_lifter_trains_quits_and_signs_out(frontend):
    """Refusals before enrolling, while training and after quitting; then history, export, sign out."""
    app = frontend("starting-strength")
    lifter = app.register()
    user = f"/users/{lifter.id}"
    app.call("read the enrollment before enrolling", "GET", f"{user}/enrollment", expect=409)
    app.call("read the current workout before enrolling", "GET", f"{user}/workouts/current", expect=409)
    app.call("enroll in an unknown program", "POST", f"{user}/enrollment", {"program": "no-such-program"}, 404)
    app.call("enroll without the inputs", "POST", f"{user}/enrollment", {"program": "starting-strength"}, 422)
    app.enroll(WORK_WEIGHTS)
    app.call("enroll twice", "POST", f"{user}/enrollment", {"program": "starting-strength"}, 409)
    app.call("start the next cycle mid-cycle", "POST", f"{user}/enrollment/next-cycle", expect=409)

    workout = app.start()
    path = f"/workouts/{workout['id']}"
    app.call("read the current workout", "GET", f"{user}/workouts/current")
    app.call("start a second workout", "POST", "/workouts/start", None, 409)
    app.call("advance the week during a workout", "POST", f"{user}/enrollment/advance-week", expect=409)
    first = workout["sets"][0]
    app.log_set(workout, first["set_index"], first["target_reps"])
    app.call("log the same set again", "POST", f"{path}/sets",
             {"set_index": first["set_index"], "reps": first["target_reps"]}, 409)
    app.call("log a set the workout does not prescribe", "POST", f"{path}/sets", {"set_index": 99, "reps": 5}, 422)
    app.call("read the workout", "GET", path)
    app.call("read an unknown workout", "GET", f"/workouts/{UNKNOWN_ID}", expect=404)
    app.call("abandon the workout", "POST", f"{path}/abandon")
    app.call("finish an abandoned workout", "POST", f"{path}/finish", expect=409)
    app.call("abandon it again", "POST", f"{path}/abandon", expect=409)
    app.call("finish an unknown workout", "POST", f"/workouts/{UNKNOWN_ID}/finish", expect=404)
    app.call("abandon an unknown workout", "POST", f"/workouts/{UNKNOWN_ID}/abandon", expect=404)
    app.call("log a set of an unknown workout", "POST", f"/workouts/{UNKNOWN_ID}/sets",
             {"set_index": 0, "reps": 5}, 404)

    app.complete_workout()
    app.call("skip the rest of the week", "POST", f"{user}/enrollment/advance-week")
    for step, suffix in (("read the workouts", "workouts"), ("read the logged sets", "sets"),
                         ("read the progression log", "progression-logs"), ("read the events", "events")):
        assert app.call(step, "GET", f"{user}/{suffix}")["items"]
    app.call("export everything", "GET", "/users/me/export")
    app.call("export the sets as CSV", "GET", "/users/me/export/sets.csv")

    app.call("quit the program", "DELETE", f"{user}/enrollment")
    app.call("quit again", "DELETE", f"{user}/enrollment", expect=409)
    app.call("sign out", "POST", "/auth/logout", expect=204)
    app.call("read the enrollment after signing out", "GET", f"{user}/enrollment", expect=401)
