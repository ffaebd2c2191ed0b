"""Runs a program's worked examples through the HTTP API, as a lifter's app would.

One example: register, enroll with the scenario's maxes (and options), then workout after
workout: start, log every prescribed set the way the scenario says the lifter performs (the
simulated lifter of ``powerpro simulate``, ``engine/simulated_lifter.py``), finish, and
``next-cycle`` between cycles, until its last checkpoint. At each checkpoint the answers
are compared with the author's numbers; the run stops at the first difference, which names
the value, what was expected, what the service answered and the line (file:line) where it
was expected.

``Http`` is any callable sending one request: ``powerpro test`` passes a falcon TestClient
over a scratch database; the test suite its contract-checking client on SQLite or PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from engine.examples import ANY, Checkpoint, Example, Expected, ExpectedSet, Point
from engine.programs import PrescribedSet, SetKind, SlotState, Unit, Weight
from engine.programs.model import Program
from engine.scenario import Performance
from engine.simulated_lifter import entered_max, one_rep_max, perform

# (method, path, JSON body or None, bearer token or None) -> (status, JSON answer)
Http = Callable[[str, str, Any, "str | None"], tuple[int, Any]]
PASSWORD = "worked example lifter"


class Difference(Exception):
    """The first value that is not what the example expects (or a request the service refused)."""

    def __init__(self, where: str, message: str) -> None:
        super().__init__(f"{where}: {message}")
        self.where, self.message = where, message


@dataclass
class Outcome:
    example: Example
    checked: int = 0
    difference: Difference | None = None

    @property
    def passed(self) -> bool:
        return self.difference is None


def run_example(http: Http, program: Program, example: Example, email: str) -> Outcome:
    run = _Run(http, program, example, email)
    try:
        run.through()
    except Difference as exc:
        run.outcome.difference = exc
    return run.outcome


@dataclass
class _Run:
    http: Http
    program: Program
    example: Example
    email: str
    token: str | None = None
    user: str = ""
    outcome: Outcome = field(init=False)
    changes: dict[str, dict] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.outcome = Outcome(self.example)
        self.at: dict[Point, list[Checkpoint]] = {}
        for checkpoint in self.example.checkpoints:
            self.at.setdefault(checkpoint.point, []).append(checkpoint)

    # -- requests ---------------------------------------------------------------------------------
    def call(self, method: str, path: str, body: Any = None, expect: int = 200) -> Any:
        status, answer = self.http(method, path, body, self.token)
        if status != expect:
            detail = answer.get("detail") if isinstance(answer, dict) else answer
            raise Difference(self._where(), f"{method} {path} answered {status}: {detail}")
        return answer

    def _where(self) -> str:
        where = self.example.where
        return f"{where.source}:{where.line}: {where.field}"

    # -- the run ----------------------------------------------------------------------------------
    def through(self) -> None:
        unit = str(self.example.scenario.unit)
        signed = self.call("POST", "/auth/register",
                           {"email": self.email, "password": PASSWORD, "weight_unit": unit}, 201)
        self.token, self.user = signed["token"], signed["user"]["id"]
        # An example shows the program's loads as its author worked them: a lifter whose plates
        # make every step the program rounds to (2.5 lb programs need 1.25 lb a side).
        self.call("PUT", "/users/me/equipment", {"microplates": True})
        inputs = {key: {"weight": float(w.value), "unit": str(w.unit)}
                  for key, w in self.example.scenario.inputs(self.program).items()}
        body = {"program": self.program.slug, "inputs": inputs}
        if self.example.options:
            body["options"] = dict(self.example.options)
        self.call("POST", f"/users/{self.user}/enrollment", body, 201)
        last = self.example.last_point
        while True:
            point, state = self.workout()
            if point == last:
                return
            if state["enrollment_status"] == "ACTIVE":
                continue
            end = Point(point.cycle)
            self.check_after(end)
            if end == last:
                return
            if state["enrollment_status"] != "BETWEEN_CYCLES":
                raise Difference(self._where(), f"the program ended ({state['enrollment_status']}) at {point}, "
                                                f"before {last}")
            self.call("POST", f"/users/{self.user}/enrollment/next-cycle")

    def workout(self) -> tuple[Point, dict]:
        workout = self.call("POST", "/workouts/start", None, 201)["workout"]
        point = Point(workout["cycle_iteration"], workout["week"], workout["day_index"] + 1)
        for expected in self.expected(point, "workout", "loads", "warmups"):
            self.compare(expected, OBSERVERS[expected.kind](workout, expected), point)
        self.changes = {}
        maxes = self.maxes()
        sets = workout["sets"]
        for position in range(len(sets)):
            item = sets[position]  # as the latest answer prescribes it (a load may follow a logged set)
            if item["warmup"]:
                continue  # the example's lifter skips warm-ups: they never count for anything
            performance = self.example.scenario.performance(item["lift"], *_position(point))
            current = maxes.get(item["slot"]) or entered_max(self.program, self.example.scenario, item["lift"])
            body = lifted(item, performance, current, self.program, self.example.scenario.unit)
            answer = self.call("POST", f"/workouts/{workout['id']}/sets", body, 201)
            sets = answer["workout"]["sets"]
            self.note_changes(answer)
        finished = self.call("POST", f"/workouts/{workout['id']}/finish")
        self.note_changes(finished)
        for expected in self.expected(point, "changes"):
            self.compare(expected, _changes(self.changes, expected), point)
        self.check_unexpected_changes(point)
        self.check_after(point)
        return point, finished["state"]

    def check_after(self, point: Point) -> None:
        """Slots and state after a workout's finish (or at the end of a cycle)."""
        wanted = self.expected(point, "slots", "state")
        if not wanted:
            return
        enrollment = self.call("GET", f"/users/{self.user}/enrollment")
        for expected in wanted:
            self.compare(expected, OBSERVERS[expected.kind](enrollment, expected), point)

    def expected(self, point: Point, *kinds: str) -> list[Expected]:
        return [e for c in self.at.get(point, []) for e in c.expected if e.kind in kinds and e.name]

    def maxes(self) -> dict[str, Weight]:
        """Each slot's 1RM as the lifter stands now, read back from its weight (the simulator's)."""
        listed = self.call("GET", f"/users/{self.user}/enrollment")["enrollment"]["slots"]
        states = {s["slot"]: SlotState(Weight.of(s["weight"], s["unit"]) if s["weight"] is not None else None,
                                       s["failure_count"], s["stage"]) for s in listed}
        return {slot: weight for slot, state in states.items()
                if slot in self.program.slots and (weight := one_rep_max(self.program, slot, state)) is not None}

    def note_changes(self, answer: dict) -> None:
        for change in answer.get("progressions_applied", []):
            seen = self.changes.setdefault(change["slot"], {"previous": _number(change["previous"])})
            seen.update(new=_number(change["new"]), rule=change["rule"])

    def check_unexpected_changes(self, point: Point) -> None:
        written = [e for c in self.at.get(point, []) for e in c.expected if e.kind == "changes"]
        if not written:
            return
        extra = sorted(set(self.changes) - {e.name for e in written})
        written = [e for e in written if not e.name]  # the mapping's own line
        self.outcome.checked += 1
        if extra:
            slot = extra[0]
            got = self.changes[slot]
            raise Difference(_located(written[0]), f"at {point}: {slot} also changed, "
                                                   f"{_show(got['previous'])} -> {_show(got['new'])} ({got['rule']}), "
                                                   "which the example does not list")

    def compare(self, expected: Expected, observed: tuple[Any, Any] | str | None, point: Point) -> None:
        """``observed`` is None when equal, else the message of the first difference."""
        self.outcome.checked += 1
        if observed is not None:
            raise Difference(_located(expected), f"at {point}: {observed}")


# -- what the lifter logs: the simulated lifter's own rules (engine/simulated_lifter.py) ------------
def lifted(item: dict, performance: Performance, current_max: Weight | None, program: Program, unit: Unit) -> dict:
    """The log-set body for one prescribed set, as the API answered it."""
    logged = perform(prescribed(item), performance, current_max, program, unit)
    body: dict[str, Any] = {"set_index": item["set_index"], "reps": logged.reps}
    if logged.weight is not None:
        body["weight"] = float(logged.weight.to(unit).value)
    if logged.rpe is not None:
        body["rpe"] = float(logged.rpe)
    return body


def prescribed(item: dict) -> PrescribedSet:
    """A WorkoutSet of the API as the engine's PrescribedSet (the fields the lifter reads)."""
    def decimal(name: str) -> Decimal | None:
        return None if item.get(name) is None else Decimal(str(item[name]))
    return PrescribedSet(
        set_index=item["set_index"], exercise_index=item["exercise_index"], exercise_id=item["exercise_id"],
        lift=item["lift"], slot=item["slot"], kind=SetKind(item["kind"]), target_reps=item["target_reps"],
        is_amrap=item["is_amrap"], weight=None if item["weight"] is None else Weight.of(item["weight"], item["unit"]),
        min_reps=item["min_reps"], reps_max=item["reps_max"], percent=decimal("percent"), rpe=decimal("rpe"),
        tag=item["tag"], warmup=item["warmup"], open_ended=item["open_ended"], seconds=item["seconds"],
        stop_rpe=decimal("stop_rpe"),
    )


# -- observers: what the service answered for one expected value, compared ---------------------------
def _loads(workout: dict, expected: Expected) -> str | None:
    """The work sets (``warmup: false``) of an exercise, slot or lift."""
    return _compare_sets(_sets_of([s for s in workout["sets"] if not s["warmup"]], expected.name), expected)


def _warmups(workout: dict, expected: Expected) -> str | None:
    """The warm-up sets before an exercise, slot or lift; ``[]`` expects none."""
    sets = _sets_of([s for s in workout["sets"] if s["warmup"]], expected.name)
    if not sets and not expected.value:
        return None
    if not expected.value:
        return f"{expected.name} warm-ups: expected none, got {_listing(_observed(sets))}"
    return _compare_sets(sets, expected, "warm-up")


def _observed(sets: list[dict]) -> list[ExpectedSet]:
    return [ExpectedSet(s["target_reps"] if s["min_reps"] is None else s["min_reps"], s["is_amrap"],
                        _number(s["weight"])) for s in sets]


def _compare_sets(sets: list[dict], expected: Expected, what: str = "") -> str | None:
    got = _observed(sets)
    want: tuple[ExpectedSet, ...] = expected.value
    name = f"{expected.name} {what}".strip()
    if not got:
        return f"{name}: expected {_listing(want)}, but the workout has no such sets"
    if len(got) != len(want):
        return f"{name}: expected {_listing(want)} ({len(want)} sets), got {_listing(got)} ({len(got)} sets)"
    for index, (w, g) in enumerate(zip(want, got, strict=True)):
        if any(getattr(w, f) is not ANY and getattr(w, f) != getattr(g, f) for f in ("reps", "amrap", "weight")):
            return f"{name} set {index + 1} of {len(got)}: expected {w}, got {g} (all: {_listing(got)})"
    return None


def _sets_of(sets: list[dict], name: str) -> list[dict]:
    """An exercise's sets (by its id), else a slot's, else a lift's."""
    for key in ("exercise_id", "slot", "lift"):
        found = [s for s in sets if s[key] == name]
        if found:
            return found
    return []


def _workout_name(workout: dict, expected: Expected) -> str | None:
    if workout["name"] == expected.value:
        return None
    return f"workout: expected {expected.value!r}, got {workout['name']!r}"


def _slot(enrollment: dict, expected: Expected) -> str | None:
    listed = {s["slot"]: s for s in enrollment["enrollment"]["slots"]}
    slot = listed.get(expected.name)
    if slot is None:
        return f"{expected.name}: the enrollment has no such slot"
    got = {"weight": _number(slot["weight"]), "stage": slot["stage"], "failures": slot["failure_count"]}
    for name, value in expected.value.items():
        if got[name] != value:
            return f"{expected.name} {name}: expected {_show(value)}, got {_show(got[name])}"
    return None


def _state(enrollment: dict, expected: Expected) -> str | None:
    got = enrollment["state"][expected.name]
    return None if got == expected.value else f"{expected.name}: expected {expected.value}, got {got}"


def _changes(changes: dict[str, dict], expected: Expected) -> str | None:
    got = changes.get(expected.name)
    if got is None:
        return f"{expected.name}: expected a change ({_change(expected.value)}), got none"
    for name, value in expected.value.items():
        if got.get(name) != value:
            return f"{expected.name}: expected {_change(expected.value)}, got {_change(got)}"
    return None


OBSERVERS: dict[str, Callable[[dict, Expected], str | None]] = {
    "workout": _workout_name,
    "loads": _loads,
    "warmups": _warmups,
    "slots": _slot,
    "state": _state,
}


def _change(value: dict) -> str:
    text = f"{_show(value.get('previous', '?'))} -> {_show(value.get('new', '?'))}"
    return f"{text} ({value['rule']})" if value.get("rule") else text


def _listing(sets: Any) -> str:
    """``5x3+ @ 220``-style, identical neighbours folded."""
    folded: list[list] = []
    for item in sets:
        text = str(item)
        if folded and folded[-1][0] == text:
            folded[-1][1] += 1
        else:
            folded.append([text, 1])
    return ", ".join(text if count == 1 else f"{count} sets {text}" if text.startswith("@") else f"{count}x{text}"
                     for text, count in folded)


def _located(expected: Expected) -> str:
    return f"{expected.where.source}:{expected.where.line}: {expected.where.field}"


def _position(point: Point) -> tuple[int, int, int]:
    return point.cycle, point.week or 0, point.day or 0


def _number(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _show(value: Any) -> str:
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return "null" if value is None else str(value)
