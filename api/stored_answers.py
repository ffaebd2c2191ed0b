"""The hot reads' answers written out as the engine read them.

An answer the engine read as stored comes as JSON text (``engine.queries.stored.StoredText``):
it becomes the body as it is, never decoded and encoded again (a workout's answer, every set
with its plates and rest, is the largest body the API sends and its most frequent). Only the
state block is decoded, for its ``(machine, trigger)`` pairs to become routes (``state_json``).
Any other answer (rendered from rows for a reader of another unit) is a dict sent as media.

The state block is the same text read after read until the lifter's state moves (a lifter polls
their workout between sets), and rendering it is a pure function of that text: the texts of the
latest STATES_KEPT blocks are kept with their rendering, a few megabytes per worker.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import falcon

from engine.json_codec import loads
from engine.queries.stored import StoredText

from .actions import state_json
from .display_units import shown_in
from .media import dumps


def send_answer(resp: falcon.Response, key: str, answer: dict[str, Any] | StoredText, unit: str | None) -> None:
    """``{key: ..., "state": ...}`` of a read's answer: ``key`` is ``enrollment`` or ``workout``."""
    if isinstance(answer, StoredText):
        resp.content_type = falcon.MEDIA_JSON
        resp.data = f'{{"{key}": {answer.body}, "state": {state_text(answer.state)}}}'.encode()
    else:
        resp.media = {key: answer[key], "state": state_json(answer["state"])}
    shown_in(resp, unit)


STATES_KEPT = 2048


@lru_cache(maxsize=STATES_KEPT)
def state_text(stored_state: str) -> str:
    """The state block's JSON text with its allowed actions as routes."""
    return dumps(state_json(loads(stored_state)))
