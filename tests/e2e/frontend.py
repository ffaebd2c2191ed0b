"""What a frontend developer does, one HTTP call per step, each asserting the full state block.

A program's E2E test reads top to bottom as a recipe:

    app = Frontend(client, "starting-strength")
    app.register()
    app.enroll({"squat.work": 135, ...})                 # ACTIVE / PENDING / PENDING
    workout = app.start()                                # IN_PROGRESS at every level
    app.log_prescribed_sets(workout)                     # every set at its target reps
    finished = app.finish(workout)                       # the position moves; progressions listed
    ...
    app.next_cycle()

Each step checks the state block against what the program's published shape says it must
be (``GET /programs/{slug}``: weeks per cycle, days per week), never against the engine's
own answer. Every exchange is kept in ``app.exchanges`` for the frontend guide.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tests.support.http import ApiClient, Lifter
from tests.support.recording import Exchange

WORKOUT_ACTIONS = ["quit", "log_set", "finish_workout", "abandon_workout"]


@dataclass
class Frontend:
    client: ApiClient
    program: str
    unit: str = "lb"
    lifter: Lifter | None = None
    exchanges: list[Exchange] = field(default_factory=list)
    shape: dict = field(default_factory=dict)

    # -- plumbing -------------------------------------------------------------------------------
    def call(self, step: str, method: str, path: str, body: Any = None, expect: int = 200) -> dict:
        token = self.lifter.token if self.lifter else None
        result = self.client.request(method, path, json=body, token=token)
        self.exchanges.append(self.client.exchange(step, method, path, body, result, token is not None))
        assert result.status_code == expect, f"{step}: {method} {path} -> {result.status}: {result.text}"
        recorded = self.exchanges[-1].response
        return result.json if isinstance(recorded, (dict, list)) else recorded  # a copy: callers may add to it

    def days_in_week(self, week: int) -> int:
        return self.shape["schedule"]["weeks"][week - 1]["days"].__len__()

    @property
    def weeks_per_cycle(self) -> int:
        return len(self.shape["schedule"]["weeks"])

    # -- the recipe's steps ----------------------------------------------------------------------
    def register(self, look_up: bool = True) -> Lifter:
        """``look_up``: first read the program's shape, which finishing a workout checks against."""
        if look_up:
            self.shape = self.call("look up the program", "GET", f"/programs/{self.program}")
        email = f"{self.program}@example.com"
        signed = self.call("register", "POST", "/auth/register",
                           {"email": email, "password": "correct horse battery", "weight_unit": self.unit}, 201)
        self.lifter = Lifter(signed["user"]["id"], email, "correct horse battery", signed["token"], signed)
        return self.lifter

    def own_microplates(self) -> dict:
        """For a program in 2.5 lb / 1.25 kg steps: a side makes 1.25 lb only with microplates, which
        a standard gym (the default equipment) lacks; without them its loads round to 5 lb."""
        return self.call("say you own microplates", "PUT", "/users/me/equipment", {"microplates": True})

    def set_max(self, lift: str, weight: float, reps: int = 1) -> dict:
        return self.call("save a max", "PUT", f"/users/{self.lifter.id}/maxes/{lift}",
                         {"weight": weight, "unit": self.unit, "reps": reps})

    def enroll(self, inputs: dict[str, float], options: dict[str, Any] | None = None, week: int = 1) -> dict:
        """``week``: where the enrollment starts (a program ending on a meet date starts later)."""
        body = {"program": self.program,
                "inputs": {key: {"weight": value, "unit": self.unit} for key, value in inputs.items()}}
        if options is not None:
            body["options"] = options
        answer = self.call("enroll", "POST", f"/users/{self.lifter.id}/enrollment", body, 201)
        self.expect(answer["state"], ("ACTIVE", "PENDING", "PENDING"), (1, week, 0), ["quit", "start_workout"])
        return answer

    def enrollment(self) -> dict:
        return self.call("read the enrollment", "GET", f"/users/{self.lifter.id}/enrollment")

    def start(self) -> dict:
        before = self.enrollment()["state"]["position"]
        answer = self.call("start a workout", "POST", "/workouts/start", None, 201)
        position = (before["cycle_iteration"], before["week"], before["day_index"])
        self.expect(answer["state"], ("ACTIVE", "IN_PROGRESS", "IN_PROGRESS"), position, WORKOUT_ACTIONS)
        assert answer["state"]["current_workout_session"]["id"] == answer["workout"]["id"]
        assert answer["workout"]["status"] == "IN_PROGRESS" and answer["workout"]["sets"]
        return answer["workout"]

    def log_set(self, workout: dict, set_index: int, reps: int, weight: float | None = None,
                rpe: float | None = None) -> dict:
        body = {"set_index": set_index, "reps": reps}
        if weight is not None:
            body["weight"] = weight
        if rpe is not None:
            body["rpe"] = rpe
        answer = self.call("log a set", "POST", f"/workouts/{workout['id']}/sets", body, 201)
        self.expect(answer["state"], ("ACTIVE", "IN_PROGRESS", "IN_PROGRESS"),
                    (workout["cycle_iteration"], workout["week"], workout["day_index"]), WORKOUT_ACTIONS)
        return answer

    def log_prescribed_sets(self, workout: dict, reps: dict[int, int] | None = None,
                            chosen_weight: float = 0, rpe: float | None = None, warmups: bool = False) -> list[dict]:
        """Log every prescribed work set at its target (``reps`` overrides by set index); sets the program
        leaves to the lifter are logged at ``chosen_weight``. Warm-up sets are skipped, as a lifter may
        (finishing without them is fine), unless ``warmups``. Returns the progressions applied."""
        applied = []
        for item in workout["sets"]:
            if item["warmup"] and not warmups:
                continue
            target = reps.get(item["set_index"]) if reps and item["set_index"] in reps else None
            count = target if target is not None else (item["target_reps"] or item.get("min_reps") or 1)
            weight = None if item["weight"] is not None else chosen_weight
            answer = self.log_set(workout, item["set_index"], count, weight,
                                  rpe if item.get("rpe") is not None else None)
            assert answer["set"]["reps"] == count
            applied += answer["progressions_applied"]
        return applied

    def finish(self, workout: dict) -> dict:
        answer = self.call("finish the workout", "POST", f"/workouts/{workout['id']}/finish")
        assert answer["workout"]["status"] == "COMPLETED"
        self.expect(answer["state"], *self._after_finish(workout))
        return answer

    def next_cycle(self) -> dict:
        answer = self.call("start the next cycle", "POST", f"/users/{self.lifter.id}/enrollment/next-cycle")
        cycle = answer["state"]["position"]["cycle_iteration"]
        self.expect(answer["state"], ("ACTIVE", "PENDING", "PENDING"), (cycle, 1, 0), ["quit", "start_workout"])
        return answer

    def enroll_again(self, inputs: dict[str, float], options: dict[str, Any] | None = None) -> dict:
        """A COMPLETED program (after_cycle: end) is history: next-cycle is refused, and the
        available action, enrolling again, starts it anew from the inputs given."""
        refused = self.call("next cycle of a completed program (refused)", "POST",
                            f"/users/{self.lifter.id}/enrollment/next-cycle", None, 409)
        assert refused["code"] == "not_enrolled"
        return self.enroll(inputs, options)

    def correct_set(self, workout: dict, set_index: int, **fields: Any) -> dict:
        """PATCH a logged set (reps, weight, rpe, note): the workout's progressions are re-derived."""
        answer = self.call("fix a typo in a logged set", "PATCH", f"/workouts/{workout['id']}/sets/{set_index}",
                           fields)
        for name, value in fields.items():
            assert answer["set"][name] == value, (name, answer["set"])
        assert answer["set"]["corrected_at"] is not None
        return answer

    def delete_set(self, workout: dict, set_index: int) -> dict:
        """DELETE a set logged by mistake: it is PENDING again."""
        answer = self.call("delete a set logged by mistake", "DELETE", f"/workouts/{workout['id']}/sets/{set_index}")
        assert answer["set"] is None and answer["workout"]["sets"][set_index]["logged"] is None
        return answer

    def complete_workout(self, reps: dict[int, int] | None = None, rpe: float | None = None) -> tuple[dict, dict]:
        """Start, log every prescribed set, finish: one whole workout through its lifecycle."""
        workout = self.start()
        set_progressions = self.log_prescribed_sets(workout, reps, rpe=rpe)
        finished = self.finish(workout)
        finished["set_progressions"] = set_progressions
        return workout, finished

    def complete_cycle(self, reps: dict[int, int] | None = None) -> dict:
        """Every workout of the cycle at its targets (``reps`` by set index, for every workout),
        each step's state block checked; ends BETWEEN_CYCLES (or COMPLETED). Returns the last
        finish's answer. The program's numbers are checked by its worked examples."""
        for week in range(1, self.weeks_per_cycle + 1):
            for _ in range(self.days_in_week(week)):
                _, finished = self.complete_workout(reps)
        assert finished["state"]["enrollment_status"] in ("BETWEEN_CYCLES", "COMPLETED")
        return finished

    # -- the account (GET/PATCH/DELETE /users/me) -----------------------------------------------
    def account(self) -> dict:
        return self.call("read your account", "GET", "/users/me")

    def update_account(self, step: str, changes: dict) -> dict:
        answer = self.call(step, "PATCH", "/users/me", changes)
        assert {key: answer[key] for key in changes} == changes
        self.unit = answer["weight_unit"]
        return answer

    def change_password(self, new_password: str) -> None:
        self.call("change your password", "POST", "/users/me/password",
                  {"current_password": self.lifter.password, "new_password": new_password}, 204)
        self.lifter = Lifter(self.lifter.id, self.lifter.email, new_password, self.lifter.token, self.lifter.body)

    def logout_everywhere(self) -> None:
        self.call("sign out everywhere", "POST", "/auth/logout-all", None, 204)
        self.call("(the token no longer works)", "GET", "/users/me", None, 401)

    def login(self) -> Lifter:
        signed = self.call("sign in again", "POST", "/auth/login",
                           {"email": self.lifter.email, "password": self.lifter.password})
        self.lifter = Lifter(self.lifter.id, self.lifter.email, self.lifter.password, signed["token"], signed)
        return self.lifter

    def delete_account(self) -> None:
        self.call("delete your account", "DELETE", "/users/me", {"password": self.lifter.password}, 204)
        self.call("(the account is gone)", "POST", "/auth/login",
                  {"email": self.lifter.email, "password": self.lifter.password}, 401)

    # -- expectations ----------------------------------------------------------------------------
    def _after_finish(self, workout: dict) -> tuple[tuple, tuple, list[str]]:
        cycle, week, day = workout["cycle_iteration"], workout["week"], workout["day_index"]
        if day + 1 < self.days_in_week(week):
            return (
                ("ACTIVE", "IN_PROGRESS", "IN_PROGRESS"),
                (cycle, week, day + 1),
                ["quit", "start_workout", "advance_week"],
            )
        if week < self.weeks_per_cycle:
            return ("ACTIVE", "IN_PROGRESS", "PENDING"), (cycle, week + 1, 0), ["quit", "start_workout"]
        if not self.shape.get("repeats", True):  # after_cycle: end: the program is complete; enroll again
            return ("COMPLETED", "COMPLETED", "COMPLETED"), (cycle, week, day + 1), ["enroll"]
        return ("BETWEEN_CYCLES", "COMPLETED", "COMPLETED"), (cycle, week, day + 1), ["next_cycle", "quit"]

    @staticmethod
    def expect(state: dict, statuses: tuple, position: tuple, actions: list[str]) -> None:
        got = (state["enrollment_status"], state["cycle_status"], state["week_status"])
        assert got == statuses, f"statuses {got} != {statuses}"
        p = state["position"]
        assert (p["cycle_iteration"], p["week"], p["day_index"]) == position, f"position {p} != {position}"
        assert sorted(a["action"] for a in state["available_actions"]) == sorted(actions), state["available_actions"]


def weights(workout: dict, lift: str) -> list[float]:
    """The prescribed weights of ``lift``'s work sets in a workout, in order (warm-ups left out:
    a client finds work sets by ``warmup: false``, never by position)."""
    return [s["weight"] for s in workout["sets"] if s["lift"] == lift and not s["warmup"]]


def warmups(workout: dict, lift: str) -> list[tuple[float, int]]:
    """(weight, reps) of ``lift``'s warm-up sets in a workout, in order."""
    return [(s["weight"], s["target_reps"]) for s in workout["sets"] if s["lift"] == lift and s["warmup"]]


def work_set(workout: dict, lift: str, number: int = 1) -> int:
    """The set_index of ``lift``'s ``number``-th work set (1-based)."""
    return [s["set_index"] for s in workout["sets"] if s["lift"] == lift and not s["warmup"]][number - 1]


def changes(answer_or_list) -> dict[str, tuple]:
    """{slot: (previous, new, rule, trigger)} of the progressions an answer applied."""
    items = answer_or_list["progressions_applied"] if isinstance(answer_or_list, dict) else answer_or_list
    return {p["slot"]: (p["previous"], p["new"], p["rule"], p["trigger"]) for p in items}
