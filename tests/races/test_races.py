"""Racing requests through a real multi-worker server: never a 5xx, the invariants always hold.

Each racing pair of issue 10 runs ROUNDS rounds on its own lifter, all pairs at once: each
round brings the lifter to the state the race needs, then fires both requests from two
threads released by a barrier (each with its connection already open, so both reach a
gunicorn worker at once).
Either order may win; each answer must be one of those the order it lost to allows, and
after the round the database invariants (tests/races/invariants.py) must hold.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import pytest

from tests.races.invariants import violations
from tests.support.server import Reply, Server

# PostgreSQL runs transactions side by side, so that is where the races are; SQLite serialises
# every transaction (BEGIN IMMEDIATE), so fewer rounds show its lock waits and retries answer.
ROUNDS = {"postgres": 30, "sqlite": 10}
PROGRAM = {"program": "tiny-linear", "inputs": {"squat.work": {"weight": 100, "unit": "lb"},
                                                 "bench-press.work": {"weight": 80, "unit": "lb"}}}
ALREADY_IN_PROGRESS = "workout_already_in_progress"
INVALID = "invalid_transition"


@dataclass(frozen=True)
class Lifter:
    id: str
    token: str


Request = tuple[str, str, dict | None]  # method, path, JSON body


class Driver:
    """One lifter's requests to the server, each checked: never a 5xx, always a known answer."""

    def __init__(self, server: Server, number: int) -> None:
        self.server = server
        reply = server.call("POST", "/auth/register",
                            json_body={"email": f"racer{number}@example.com", "password": "correct horse battery"})
        assert reply.status == 201, reply.body
        self.lifter = Lifter(reply.body["user"]["id"], reply.body["token"])

    def call(self, method: str, path: str, body: dict | None = None, *, expect: tuple[int, ...]) -> Reply:
        reply = self.server.call(method, path, token=self.lifter.token, json_body=body)
        assert reply.status in expect, f"{method} {path}: {reply.status} {reply.body}"
        return reply

    def fire(self, *requests: Request) -> list[Reply]:
        """Send the requests together, each from its own thread on its own open connection."""
        barrier = threading.Barrier(len(requests))
        replies: list[Reply | BaseException | None] = [None] * len(requests)

        def send(index: int, method: str, path: str, body: dict | None) -> None:
            connection = self.server.connection()
            try:
                connection.connect()
                barrier.wait(timeout=30)
                replies[index] = self.server.call(method, path, token=self.lifter.token, json_body=body,
                                                  connection=connection)
            except BaseException as exc:  # reported below, in the test's thread
                replies[index] = exc

        threads = [threading.Thread(target=send, args=(i, *request)) for i, request in enumerate(requests)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=90)
        for reply, request in zip(replies, requests):
            assert isinstance(reply, Reply), f"{request}: {reply!r}"
            assert reply.status < 500, f"{request}: {reply.status} {reply.body}"
        return replies

    # Bringing the lifter to the state a race needs.

    @property
    def enrollment(self) -> str:
        return f"/users/{self.lifter.id}/enrollment"

    def workout_in_progress(self) -> dict:
        """The workout in progress; enrolls, or opens the next cycle, and starts one when needed."""
        reply = self.call("GET", f"/users/{self.lifter.id}/workouts/current", expect=(200, 409))
        if reply.status == 409:  # quit in the previous round
            self.call("POST", self.enrollment, PROGRAM, expect=(201,))
            reply = self.call("GET", f"/users/{self.lifter.id}/workouts/current", expect=(200,))
        if reply.body["workout"] is not None:
            return reply.body["workout"]
        if reply.body["state"]["enrollment_status"] == "BETWEEN_CYCLES":
            self.call("POST", f"{self.enrollment}/next-cycle", expect=(200,))
        return self.call("POST", "/workouts/start", expect=(201,)).body["workout"]

    def log_set(self, workout: dict, item: dict) -> Request:
        return "POST", f"/workouts/{workout['id']}/sets", {"set_index": item["set_index"], "reps": item["target_reps"]}

    def log_all_but(self, workout: dict, keep: int) -> list[dict]:
        """Log the workout's unlogged sets at their target, all but the last ``keep``; those are returned."""
        unlogged = [item for item in workout["sets"] if item["logged"] is None]
        split = max(len(unlogged) - keep, 0)
        for item in unlogged[:split]:
            self.call(*self.log_set(workout, item), expect=(201,))
        return unlogged[split:]

    def between_cycles(self) -> None:
        """Walk the cycle to its end the short way: start, abandon and advance each week."""
        state = self.call("GET", self.enrollment, expect=(200, 409))
        if state.status == 409:
            state = self.call("POST", self.enrollment, PROGRAM, expect=(201,))
        while state.body["state"]["enrollment_status"] != "BETWEEN_CYCLES":
            workout = self.workout_in_progress()
            self.call("POST", f"/workouts/{workout['id']}/abandon", expect=(200,))
            state = self.call("POST", f"{self.enrollment}/advance-week", expect=(200,))


def expect(reply: Reply, *allowed: int | str) -> None:
    """The reply's status is allowed, and so is its problem code when it is a 409."""
    assert reply.status in allowed, f"{reply.status} {reply.body}"
    if reply.status == 409:
        assert reply.body["code"] in allowed, reply.body


def finish_vs_next_start(driver: Driver) -> None:
    """A double tap: finishing a workout and starting the next one at once."""
    workout = driver.workout_in_progress()
    driver.log_all_but(workout, keep=0)
    finish, start = driver.fire(("POST", f"/workouts/{workout['id']}/finish", None), ("POST", "/workouts/start", None))
    expect(finish, 200)
    expect(start, 201, 409, ALREADY_IN_PROGRESS, INVALID)  # INVALID: the finish ended the cycle


def quit_vs_finish(driver: Driver) -> None:
    workout = driver.workout_in_progress()
    driver.log_all_but(workout, keep=0)
    quit_, finish = driver.fire(("DELETE", driver.enrollment, None), ("POST", f"/workouts/{workout['id']}/finish", None))
    expect(quit_, 200)
    expect(finish, 200, 409, INVALID)  # INVALID: quitting abandoned it first


def log_vs_finish(driver: Driver) -> None:
    workout = driver.workout_in_progress()
    last = driver.log_all_but(workout, keep=1)[0]
    log, finish = driver.fire(driver.log_set(workout, last), ("POST", f"/workouts/{workout['id']}/finish", None))
    expect(log, 201, 409, INVALID)
    expect(finish, 200)


def log_vs_abandon(driver: Driver) -> None:
    workout = driver.workout_in_progress()
    last = driver.log_all_but(workout, keep=1)[0]
    log, abandon = driver.fire(driver.log_set(workout, last), ("POST", f"/workouts/{workout['id']}/abandon", None))
    expect(log, 201, 409, INVALID)
    expect(abandon, 200)


def advance_week_vs_finish(driver: Driver) -> None:
    workout = driver.workout_in_progress()
    driver.log_all_but(workout, keep=0)
    advance, finish = driver.fire(("POST", f"{driver.enrollment}/advance-week", None),
                                  ("POST", f"/workouts/{workout['id']}/finish", None))
    expect(advance, 200, 409, ALREADY_IN_PROGRESS, INVALID)  # INVALID: the finish completed the week
    expect(finish, 200)


def next_cycle_twice(driver: Driver) -> None:
    driver.between_cycles()
    replies = driver.fire(*[("POST", f"{driver.enrollment}/next-cycle", None)] * 2)
    assert sorted(r.status for r in replies) == [200, 409], [r.body for r in replies]
    expect(max(replies, key=lambda r: r.status), 409, INVALID)


def same_set_twice(driver: Driver) -> None:
    workout = driver.workout_in_progress()
    item = driver.log_all_but(workout, keep=1)[0]
    replies = driver.fire(driver.log_set(workout, item), driver.log_set(workout, item))
    assert sorted(r.status for r in replies) == [201, 409], [r.body for r in replies]
    expect(max(replies, key=lambda r: r.status), 409, "set_already_logged")
    driver.call("POST", f"/workouts/{workout['id']}/finish", expect=(200,))


PAIRS: dict[str, Callable[[Driver], None]] = {
    pair.__name__: pair for pair in (finish_vs_next_start, quit_vs_finish, log_vs_finish, log_vs_abandon,
                                     advance_week_vs_finish, next_cycle_twice, same_set_twice)
}


def run_rounds(server: Server, race_db, pair: str, number: int, rounds: int) -> None:
    driver = Driver(server, number)
    for round_number in range(rounds):
        PAIRS[pair](driver)
        broken = violations(race_db, driver.lifter.id)
        assert not broken, f"{pair}, round {round_number}: {broken}"


def test_racing_pairs_never_fail_and_keep_the_invariants(server, race_db, race_backend):
    """Every pair at once, each on its own lifter: the workers are busy, as in production."""
    rounds = ROUNDS[race_backend]
    with ThreadPoolExecutor(max_workers=len(PAIRS)) as pool:
        runs = {pair: pool.submit(run_rounds, server, race_db, pair, number, rounds)
                for number, pair in enumerate(PAIRS)}
    failed = {pair: run.exception() for pair, run in runs.items() if run.exception() is not None}
    for pair, exc in failed.items():
        exc.add_note(f"in the race {pair} (failed too: {sorted(set(failed) - {pair})})")
        raise exc
