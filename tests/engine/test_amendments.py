"""Which state an amendment puts a slot back to: the state before the first change the workout
made to it, found by the chain of states even when rows of one transaction share a timestamp."""

from __future__ import annotations

from datetime import datetime
from types import SimpleNamespace

from engine.handlers.amendments import _first_per_slot

AT = datetime(2026, 1, 1, 12, 0, 0)


def row(slot: str, before: int, after: int, at: datetime = AT) -> SimpleNamespace:
    def state(failures: int) -> dict:
        return {"weight": "100", "failure_count": failures, "stage": 0, "data": {}}

    return SimpleNamespace(slot=slot, previous_state=state(before), new_state=state(after), applied_at=at)


def test_the_first_change_of_each_slot_is_found_by_its_chain_whatever_the_row_order():
    first, second, third = row("squat", 0, 1), row("squat", 1, 2), row("squat", 2, 3)
    bench = row("bench", 4, 5)

    found = _first_per_slot([third, bench, first, second])  # one timestamp: the order says nothing

    assert found == {"squat": first, "bench": bench}


def test_a_chain_that_comes_back_to_its_start_falls_back_to_the_earliest_row():
    there, back = row("squat", 0, 1, AT), row("squat", 1, 0, AT.replace(second=1))
    assert _first_per_slot([back, there])["squat"] is there
