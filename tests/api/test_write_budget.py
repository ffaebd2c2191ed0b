"""Statements per write request, counted end to end: the HTTP request through the app, the
bearer-token lookup included, every statement the database is sent (``before_cursor_execute``).

The budgets (issue 14) hold however long the lifter's history: log-set <= 6, finish of a plain
day <= 10, start <= 8. The transition sequence lives on the locked row (migration 00033), so no
statement grows with the transition log, and each entity is read once per command.

Personal records (issue 12) add one statement to the first work set of an enrollment's first
workout (and of any workout whose bests its enrollment does not carry), and none to the others:
it reads the heaviest weight per rep count and RPE and each workout's volume among the lifter's
sets of the lifts the workout prescribes, grouped in the database (a few dozen rows at most,
found through the user-and-lift index of migration 00034), and keeps them on the workout
(migration 00044); each later log-set says which records its set broke from them and moves them
on, in the UPDATE that writes the workout's answer (``engine/queries/record_bests.py``). A finish
leaves them on the enrollment (migration 00045), and the next workout starts with them.
"""

from __future__ import annotations

from tests.api.flows import STRONGLIFTS, STRONGLIFTS_INPUTS, enroll, finish, log, start
from tests.support.statement_count import counting
from tests.support.work_sets import warmup_sets, work_sets

RECORDS = 1  # the record bests a workout's first work set reads: engine/queries/record_bests.py
LOG_SET, FINISH, START = 6, 10, 8


def records_reads(statements: list[str]) -> list[str]:
    return [s for s in statements if s.startswith("WITH mine AS")]  # the bests query (engine/queries/records.py)


def workout_costs(client, services, lifter) -> dict[str, list[str]]:
    """Statements of each request of one workout: start, its first work set, its first warm-up
    (if any), its second work set, the rest, finish."""
    with counting(services.db) as started:
        workout = start(client, lifter)["workout"]
    first, second = work_sets(workout)[:2]
    with counting(services.db) as first_set:
        log(client, lifter, workout["id"], first["set_index"], first["target_reps"] or 5)
    warmups = warmup_sets(workout)
    with counting(services.db) as warmup:
        if warmups:
            log(client, lifter, workout["id"], warmups[0]["set_index"], warmups[0]["target_reps"])
    with counting(services.db) as second_set:
        log(client, lifter, workout["id"], second["set_index"], second["target_reps"] or 5)
    for item in workout["sets"]:
        if item is first or item is second or (warmups and item is warmups[0]):
            continue
        weight = {} if item.get("weight") is not None else {"weight": 0}  # bodyweight sets
        log(client, lifter, workout["id"], item["set_index"], item["target_reps"] or 5, **weight)
    with counting(services.db) as finished:
        finish(client, lifter, workout["id"])
    return {"start": started.statements, "log-first-set": first_set.statements, "log-set": second_set.statements,
            "finish": finished.statements, "log-warmup": warmup.statements}


def test_write_requests_stay_within_their_statement_budgets(client, services, catalog):
    lifter = client.register()
    enroll(client, lifter, STRONGLIFTS, STRONGLIFTS_INPUTS)
    first = workout_costs(client, services, lifter)  # its start also starts the cycle and the week
    for _ in range(3):
        workout_costs(client, services, lifter)
    later = workout_costs(client, services, lifter)  # a longer history, the same statements
    for costs in (first, later):
        for name, seen in costs.items():
            print(f"\n{name}: {len(seen)}\n  " + "\n  ".join(s[:130] for s in seen))
        assert len(costs["log-first-set"]) <= LOG_SET and len(costs["log-set"]) <= LOG_SET - RECORDS
        assert len(costs["finish"]) <= FINISH
        assert len(costs["start"]) <= START
        assert records_reads(costs["start"]) == []
        # The other sets are compared with the bests kept on their workout, and move them on in
        # the UPDATE that writes the workout's answer (a warm-up breaks no record, moves nothing on).
        assert records_reads(costs["log-set"]) == [] and records_reads(costs["log-warmup"]) == []
        updates = [s for s in costs["log-set"] if "UPDATE workout_sessions" in s]
        assert len(updates) == 1 and "record_bests" in updates[0]
        assert costs["log-warmup"] and len(costs["log-warmup"]) <= LOG_SET - RECORDS
    assert len(later["log-set"]) == len(first["log-set"])
    # The enrollment's first workout reads the history at its first work set; a later one starts
    # with the bests the workouts before it left on the enrollment (StrongLifts' days A and B hold
    # every lift), and no set of it reads the history.
    assert len(records_reads(first["log-first-set"])) == RECORDS
    assert records_reads(later["log-first-set"]) == [] and len(later["log-first-set"]) <= LOG_SET - RECORDS
    # Nothing reads the transition log to number a transition; the only max() is the records' read.
    everything = [s for costs in (first, later) for seen in costs.values() for s in seen]
    others = [s for s in everything if s not in records_reads(everything)]
    assert not [s for s in others if "max(" in s.lower() or "FROM transition_log" in s]


def test_a_plain_day_without_progressions_costs_less_than_the_budget(client, services, catalog):
    # 5/3/1 BBB progresses only at the end of a cycle: its first day's finish moves the day on, nothing more.
    lifter = client.register()
    enroll(client, lifter)
    costs = workout_costs(client, services, lifter)
    print({name: len(seen) for name, seen in costs.items()})
    assert len(costs["finish"]) < FINISH
    assert len(costs["log-set"]) <= LOG_SET
