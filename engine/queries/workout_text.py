"""A workout's stored answer as the JSON text it is stored as (``workout_sessions.answer``):
``{"id": ..., "note": ..., "sets": [...]}``, its summary's members first and its sets last, each
set an object whose first member is ``set_index`` (``engine.queries.rendering``). A log-set or a
finish patches it by cutting the text at its sets (``StoredWorkout``) and putting it back
together with the summary and the sets rendered again, or for a set only logged, its
``logged`` member (the set's last) in place of the old: the answer is never parsed nor encoded
whole, and the text is the one ``json_codec.dumps`` gives the whole answer.

Exact without a parser because a string's quotes are escaped (no ``{"set_index":`` is inside
one), and the summary's members are plain values. Counting the set starts guards the rest: a set
whose first member is not ``set_index``, or an object in a set whose first member is, changes
the count, and the caller renders the answer whole.

The command's answer takes the workout as JSON values (``uow.answers``): each worker keeps the
last answer it stored of each workout with its values (``keep``), so the next patch of that text
makes its values from them, the sets rendered again put in, instead of parsing the new text.
Kept values are shared, never changed in place (as ``display.stored_set``'s).
"""

from __future__ import annotations

from typing import Any

from ..db.types import SET_START
from ..json_codec import dumps, loads

_SETS = '"sets":['
_LOGGED = '"logged":'
_END = "]}"


class StoredWorkout:
    """A stored workout answer's text cut before each set: the text up to its sets, then each
    set's text less its ``{"set_index":`` and with what follows it (``,`` or the closing ``]}``)."""

    __slots__ = ("_pieces",)

    def __init__(self, pieces: list[str]) -> None:
        self._pieces = pieces

    @classmethod
    def of(cls, answer: str, count: int) -> StoredWorkout | None:
        """The answer's text cut at its ``count`` sets; None when it does not have that many (or
        is not the shape above)."""
        pieces = answer.split(SET_START)
        if (len(pieces) != count + 1 or not pieces[0].endswith(_SETS if count else _SETS + _END)
                or not answer.endswith(_END)):
            return None
        return cls(pieces)

    def set_json(self, position: int) -> dict[str, Any]:
        """The JSON values of the set at ``position`` (that set's text alone parsed)."""
        piece = self._pieces[position + 1]
        return loads(SET_START + piece[:-len(_END) if position == len(self._pieces) - 2 else -1])

    def patched(self, summary: dict[str, Any], sets: dict[int, dict[str, Any]],
                logged: dict[int, dict[str, Any] | None]) -> str | None:
        """The text of the answer with this summary (plain JSON values), these sets (by position,
        plain JSON values) in place of its own, and these sets' ``logged`` (by position: their
        prescribed part kept as it is): the text of ``{**summary, "sets": [...]}``. None when a
        set is not of the shape above (no ``logged`` member to replace, or not beginning with
        its ``set_index``)."""
        pieces = self._pieces.copy()
        last = len(pieces) - 2
        for position, item in sets.items():
            text = dumps(item)
            if not text.startswith(SET_START):
                return None
            pieces[position + 1] = text[len(SET_START):] + (_END if position == last else ",")
        for position, item in logged.items():
            # A set's last member is what was logged; what it logged holds no member so named.
            piece = pieces[position + 1]
            at = piece.rfind(_LOGGED)
            if at < 0:
                return None
            pieces[position + 1] = f"{piece[:at]}{_LOGGED}{dumps(item)}}}{_END if position == last else ','}"
        head = dumps(summary)[:-1]
        pieces[0] = f'{head}{"," if summary else ""}{_SETS}' + ("" if last >= 0 else _END)
        return SET_START.join(pieces)


# Workout id -> (its answer's text, its JSON values), as this worker last stored it.
_KEPT: dict[str, tuple[str, dict[str, Any]]] = {}
ANSWERS_KEPT = 256  # workouts in progress, as many as a worker's lifters between two sets


def keep(workout_id: str, text: str, shown: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """Keep a workout's stored answer, its text and its values (which ``loads(text)`` gives)."""
    if len(_KEPT) >= ANSWERS_KEPT:
        _KEPT.clear()
    _KEPT[workout_id] = found = (text, shown)
    return found


def patched(workout_id: str, stored: str, text: str, summary: dict[str, Any], sets: dict[int, dict[str, Any]],
            logged: dict[int, dict[str, Any] | None]) -> tuple[str, dict[str, Any]]:
    """``text``, the answer ``stored`` patched (``StoredWorkout.patched`` of this summary, sets
    and logged), kept with its values: made from those kept of ``stored`` if this worker has
    them, else parsed."""
    kept = _KEPT.get(workout_id)
    if kept is None or kept[0] != stored:
        return keep(workout_id, text, loads(text))
    values = list(kept[1]["sets"])
    for position, item in sets.items():
        values[position] = item
    for position, item in logged.items():
        values[position] = {**values[position], "logged": item}
    return keep(workout_id, text, {**summary, "sets": values})
