"""The calendar of a program that ends on a date (``schedule.ends_on``: Calgary's meet date).

Weeks are seven days and the last one ends on the date, so week ``w`` of ``W`` ends
``7 x (W - w)`` days before it. An enrollment starts in the week that holds today (week 1 when
the date is further away than the whole program), so the last week ends on the meet; a date in
the past, or closer than ``shortest_entry`` weeks allow, is refused.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from engine.programs.model import Program

WEEK = 7


class DateRefused(ValueError):
    """The date cannot be met: in the past, or too close for the shortest entry."""


def starting_week(program: Program, today: date) -> int:
    """The week to start in so that the last week ends on ``program.schedule.ends_on``."""
    meet, weeks = program.schedule.ends_on, program.weeks_per_cycle
    assert meet is not None
    days = (meet - today).days
    if days < 0:
        raise DateRefused(f"{meet.isoformat()} is in the past (today is {today.isoformat()})")
    shortest = program.schedule.shortest_entry
    if days // WEEK < shortest - 1:
        earliest = today + timedelta(days=WEEK * (shortest - 1))
        raise DateRefused(f"{meet.isoformat()} is too close: {program.name} needs at least {shortest} weeks, "
                          f"so the date must be on or after {earliest.isoformat()}")
    return max(1, weeks - days // WEEK)


def countdown(program: Program, week: int) -> dict[str, Any] | None:
    """Where ``week`` stands against the date: when it ends and how many days are left then."""
    meet = program.schedule.ends_on
    if meet is None:
        return None
    weeks_out = program.weeks_per_cycle - week
    ends = meet - timedelta(days=WEEK * weeks_out)
    label = "the meet week" if weeks_out == 0 else f"{weeks_out} week{'s' if weeks_out > 1 else ''} out"
    return {"date": meet.isoformat(), "week_ends_on": ends.isoformat(), "days_out_at_week_end": WEEK * weeks_out,
            "label": label}
