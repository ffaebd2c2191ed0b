"""A workout's stored answer as the JSON text it is stored as (``workout_sessions.answer``):
``{"id": ..., "note": ..., "sets": [...]}``, its summary's members first and its sets last, each
set an object whose first member is ``set_index`` (``engine.queries.rendering``). A log-set or a
finish patches it by cutting it into its sets' texts (``set_texts``) and putting back the
summary and the sets rendered again (``workout_text``): the answer is never parsed nor encoded
whole, and the text is the one ``json_codec.dumps`` gives the whole answer.

Exact without a parser because a string's quotes are escaped (no ``,"sets":`` nor
``{"set_index":`` is inside one), and the summary's members are plain values (the first
``,"sets":`` is the summary's end). Counting the set starts guards the rest: a set whose first
member is not ``set_index``, or an object in a set whose first member is, changes the count,
and the caller renders the answer whole.
"""

from __future__ import annotations

from typing import Any

from ..json_codec import array_text, dumps, object_texts

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
