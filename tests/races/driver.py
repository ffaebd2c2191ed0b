"""One lifter driving the server: requests that must never be a 5xx, racing pairs fired together,
and the steps that bring the lifter to the state a race needs."""

from __future__ import annotations

import random
import threading
import time
from collections import Counter
from dataclasses import dataclass

from tests.support.server import Reply, Server

PROGRAM = {"program": "tiny-linear", "inputs": {"squat.work": {"weight": 100, "unit": "lb"},
                                                 "bench-press.work": {"weight": 80, "unit": "lb"}}}
ALREADY_IN_PROGRESS = "workout_already_in_progress"
INVALID = "invalid_transition"


@dataclass(frozen=True)
class Lifter:
    id: str
    token: str


Request = tuple[str, str, dict | None]  # method, path, JSON body
JITTER_SECONDS = 0.003


class Driver:
    """One lifter's requests to the server, each checked: never a 5xx, always a known answer."""

    def __init__(self, server: Server, number: int) -> None:
        self.server = server
        reply = server.call("POST", "/auth/register",
                            json_body={"email": f"racer{number}@example.com", "password": "correct horse battery"})
        assert reply.status == 201, reply.body
        self.lifter = Lifter(reply.body["user"]["id"], reply.body["token"])
        self.outcomes: Counter[tuple[int, ...]] = Counter()  # the statuses of each race, in request order

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
                time.sleep(random.uniform(0, JITTER_SECONDS))  # so that each order wins some rounds
                replies[index] = self.server.call(method, path, token=self.lifter.token, json_body=body,
                                                  connection=connection)
            except BaseException as exc:  # reported below, in the test's thread
                replies[index] = exc

        threads = [threading.Thread(target=send, args=(i, *request)) for i, request in enumerate(requests)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=90)
        for reply, request in zip(replies, requests, strict=True):
            assert isinstance(reply, Reply), f"{request}: {reply!r}"
            assert reply.status < 500, f"{request}: {reply.status} {reply.body}"
        self.outcomes[tuple(reply.status for reply in replies)] += 1
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
