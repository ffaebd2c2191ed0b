"""A lifter's notes on a set or a workout: at most 1,000 characters (both columns' VARCHAR(1000)).

The API refuses a longer note in its request schema; this check is for every other caller (the
CLI, tests), with the same code and field.
"""

from __future__ import annotations

from ..errors import NoteTooLong

MAX_NOTE = 1000  # logged_sets.note and workout_sessions.note are VARCHAR(1000)


def check_note(note: str | None, what: str = "A set's note") -> None:
    if note is not None and len(note) > MAX_NOTE:
        raise NoteTooLong(f"{what} holds at most {MAX_NOTE} characters; this one has {len(note)}.",
                          {"invalid_fields": [{"path": "$.note", "message": f"is longer than {MAX_NOTE} characters"}]})
