"""A workout's stored answer as the JSON text it is stored as (``workout_sessions.answer``):
``{"id": ..., "note": ..., "sets": [...]}``, its summary's members first and its sets last, each
set an object whose first member is ``set_index`` (``engine.queries.rendering``). A log-set or a
finish patches it by cutting it into its sets' texts (``set_texts``) and putting back the
summary and the sets rendered again (``workout_text``): the answer is never parsed nor encoded
whole, and the text is the one ``json_codec.dumps`` gives the whole answer.

The command's answer takes the workout as JSON values (``uow.answers``): each worker keeps the
last answer it stored of each workout with its values (``keep``), so the next patch of that text
makes its values from them, the sets rendered again put in, instead of parsing the new text.
Kept values are shared, never changed in place (as ``display.stored_set``'s).

Exact without a parser because a string's quotes are escaped (no ``,"sets":`` nor
``{"set_index":`` is inside one), and the summary's members are plain values (the first
``,"sets":`` is the summary's end). Counting the set starts guards the rest: a set whose first
member is not ``set_index``, or an object in a set whose first member is, changes the count,
and the caller renders the answer whole.
"""

from __future__ import annotations

from typing import Any

from ..json_codec import array_text, dumps, loads, object_texts

_SETS = ',"sets":'
_SET_START = '{"set_index":'


def set_texts(answer: str, count: int) -> list[str] | None:
    """The texts of the ``count`` sets of a stored workout answer, in order; None when it does
    not have that many (or is not the shape above)."""
    at = answer.find(_SETS)
    if at < 0 or not answer.endswith("]}") or answer.count(_SET_START) != count:
        return None
    sets = object_texts(answer[at + len(_SETS):-1], "set_index")
    return sets if sets is not None and len(sets) == count else None


def workout_text(summary: dict[str, Any], sets: list[str]) -> str:
    """The stored answer of this summary (plain JSON values) and these sets' texts: the text of
    ``{**summary, "sets": [...]}``."""
    head = dumps(summary)[:-1]
    return f'{head}{"," if summary else ""}"sets":{array_text(sets)}}}'


# Workout id -> (its answer's text, its JSON values), as this worker last stored it.
_KEPT: dict[str, tuple[str, dict[str, Any]]] = {}
ANSWERS_KEPT = 256  # workouts in progress, as many as a worker's lifters between two sets


def keep(workout_id: str, text: str, shown: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """Keep a workout's stored answer, its text and its values (which ``loads(text)`` gives)."""
    if len(_KEPT) >= ANSWERS_KEPT:
        _KEPT.clear()
    _KEPT[workout_id] = found = (text, shown)
    return found


def patched(workout_id: str, stored: str, summary: dict[str, Any], sets: list[str],
            rendered: dict[int, dict[str, Any]]) -> tuple[str, dict[str, Any]]:
    """The answer ``stored`` patched: its text (``workout_text`` of the summary and the sets'
    texts, those at the positions ``rendered`` encoded from its values) and its values, made from
    those kept of ``stored`` if this worker has them, else parsed."""
    text = workout_text(summary, sets)
    kept = _KEPT.get(workout_id)
    if kept is None or kept[0] != stored:
        return keep(workout_id, text, loads(text))
    values = list(kept[1]["sets"])
    for position, item in rendered.items():
        values[position] = item
    return keep(workout_id, text, {**summary, "sets": values})
