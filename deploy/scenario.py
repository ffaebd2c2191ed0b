"""What the local deployment is put through: lifters training through nginx, and a reload of
one app server with a changed program file while traffic flows."""

from __future__ import annotations

import itertools
import threading
import time
from collections import Counter
from dataclasses import dataclass, field

from .local import Topology
from .processes import call

PROGRAM = "starting-strength"
START = {"squat": 135, "overhead-press": 65, "bench-press": 95, "deadlift": 185}
INPUTS = {f"{lift}.work": {"weight": weight, "unit": "lb"} for lift, weight in START.items()}
PASSWORD = "deployment smoke password"
_emails = itertools.count(1)


@dataclass
class Lifter:
    id: str
    token: str
    upstreams: Counter = field(default_factory=Counter)

    def request(self, topology: Topology, method: str, path: str, body: object | None = None) -> dict:
        status, headers, answer = call(method, topology.base + path, body,
                                       headers={"Authorization": f"Bearer {self.token}"})
        self.upstreams[headers.get("X-Upstream")] += 1
        if status >= 300:
            raise AssertionError(f"{method} {path}: {status} {answer}")
        return answer


def smoke(topology: Topology, lifters: int = 4) -> str:
    """Each lifter enrolls in Starting Strength, trains one session at the prescribed loads and
    starts the next, whose squat is 5 lb heavier; requests alternate between the app servers."""
    team = [register_lifter(topology) for _ in range(lifters)]
    for lifter in team:
        lifter.request(topology, "POST", f"/users/{lifter.id}/enrollment", {"program": PROGRAM, "inputs": INPUTS})
        workout = lifter.request(topology, "POST", "/workouts/start")["workout"]
        for prescribed in workout["sets"]:
            lifter.request(topology, "POST", f"/workouts/{workout['id']}/sets",
                           {"set_index": prescribed["set_index"], "reps": prescribed["target_reps"]})
        lifter.request(topology, "POST", f"/workouts/{workout['id']}/finish")
        following = lifter.request(topology, "POST", "/workouts/start")["workout"]
        squats = {s["weight"] for s in following["sets"] if s["lift"] == "squat" and s["kind"] != "warmup"}
        if squats != {START["squat"] + 5}:
            raise AssertionError(f"the next squat is {squats}, not {START['squat'] + 5} lb")
    served_by = {upstream for lifter in team for upstream in lifter.upstreams}
    if len(served_by) < len(topology.servers) or any(len(lifter.upstreams) < 2 for lifter in team):
        raise AssertionError(f"requests did not alternate between the app servers: {served_by}")
    return f"smoke: {lifters} lifters trained a {PROGRAM} session, served by {len(served_by)} app servers"


def register_lifter(topology: Topology) -> Lifter:
    status, _, body = call("POST", f"{topology.base}/auth/register",
                           {"email": f"deploy{next(_emails)}-{time.time_ns()}@example.com", "password": PASSWORD})
    if status != 201:
        raise AssertionError(f"register: {status} {body}")
    return Lifter(body["user"]["id"], body["token"])


@dataclass
class Traffic:
    """Readers hitting nginx until told to stop; every answer that is not a 200 is a failure."""

    topology: Topology
    lifter: Lifter
    answered: int = 0
    failures: list[str] = field(default_factory=list)
    longest_wait: float = 0.0
    _stop: threading.Event = field(default_factory=threading.Event)

    def run(self) -> None:
        paths = itertools.cycle(["/health", f"/programs/{PROGRAM}", f"/users/{self.lifter.id}/enrollment"])
        while not self._stop.is_set():
            started = time.monotonic()
            path = next(paths)
            try:
                status, _, body = call("GET", self.topology.base + path, timeout=10,
                                       headers={"Authorization": f"Bearer {self.lifter.token}"})
            except OSError as exc:
                status, body = 0, str(exc)
            self.longest_wait = max(self.longest_wait, time.monotonic() - started)
            if status == 200:
                self.answered += 1
            else:
                self.failures.append(f"GET {path}: {status} {body}")

    def stop(self) -> None:
        self._stop.set()


def reload_under_traffic(topology: Topology, instance: int = 0, readers: int = 3) -> str:
    """Change a program file of one app server and `kill -HUP` it while readers keep going:
    no request fails, none waits more than a second, and the server then serves the new version."""
    direct = topology.servers[instance].base
    before = call("GET", f"{direct}/health")[2]["specs"]["programs"][PROGRAM]
    lifter = register_lifter(topology)
    lifter.request(topology, "POST", f"/users/{lifter.id}/enrollment", {"program": PROGRAM, "inputs": INPUTS})
    traffic = [Traffic(topology, lifter) for _ in range(readers)]
    threads = [threading.Thread(target=t.run) for t in traffic]
    for thread in threads:
        thread.start()
    try:
        time.sleep(1)
        topology.change_program(instance, PROGRAM)
        topology.reload(instance)
        after = _wait_for_version_change(direct, before)
        time.sleep(1)
    finally:
        for t in traffic:
            t.stop()
        for thread in threads:
            thread.join()
    failures = [failure for t in traffic for failure in t.failures]
    longest = max(t.longest_wait for t in traffic)
    if failures or longest > 1.0:
        raise AssertionError(f"reload: {len(failures)} failed requests {failures[:3]}, longest wait {longest:.2f} s")
    answered = sum(t.answered for t in traffic)
    return (f"reload: {answered} requests answered while app server {instance} reloaded "
            f"({before[:8]} -> {after[:8]}), none failed, longest wait {longest * 1000:.0f} ms")


def _wait_for_version_change(base: str, before: str, timeout: float = 30) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        now = call("GET", f"{base}/health")[2]["specs"]["programs"][PROGRAM]
        if now != before:
            return now
        time.sleep(0.1)
    raise AssertionError(f"the reloaded server still serves version {before[:8]} after {timeout} s")
