"""Racing requests through a real multi-worker server: never a 5xx, the invariants always hold.

Each racing pair of issue 10 runs ROUNDS rounds on its own lifter, all pairs at once: each
round brings the lifter to the state the race needs, then fires both requests from two
threads released by a barrier (each with its connection already open, so both reach a
gunicorn worker at once; a jitter of a few milliseconds lets each order win some rounds).
Either order may win; each answer must be one of those the order it lost to allows, and
after the round the database invariants (tests/races/invariants.py) must hold. Run with -s
to see how often each order won. On the code before the lock order, finish vs next start
and quit vs finish answered 500 within a few rounds.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from tests.races.driver import ALREADY_IN_PROGRESS, INVALID, Driver, expect
from tests.races.invariants import violations
from tests.support.server import Server

# PostgreSQL runs transactions side by side, so that is where the races are; SQLite serialises
# every transaction (BEGIN IMMEDIATE), so fewer rounds show its lock waits and retries answer.
ROUNDS = {"postgres": 30, "sqlite": 10}


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
    quit_, finish = driver.fire(("DELETE", driver.enrollment, None),
                                ("POST", f"/workouts/{workout['id']}/finish", None))
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


def run_rounds(server: Server, race_db, pair: str, number: int, rounds: int) -> dict:
    driver = Driver(server, number)
    for round_number in range(rounds):
        PAIRS[pair](driver)
        broken = violations(race_db, driver.lifter.id)
        assert not broken, f"{pair}, round {round_number}: {broken}"
    return dict(driver.outcomes)


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
    for pair, run in runs.items():  # which order won how often (shown with pytest -s)
        print(f"{race_backend} {pair}: {run.result()}")
