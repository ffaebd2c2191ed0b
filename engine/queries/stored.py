"""The read endpoints' answers, read back as stored, nothing prescribed: one statement per request.

``engine/handlers/stored_state.py`` writes them whenever what they show changes. A read request
is one SELECT that joins its bearer token's owner to the stored answers (``signed_in_*``, run
alone by ``engine/db/single_read.py``; ``api/auth.py`` calls them in place of the plain token
lookup); the resource then hands the row found to ``enrollment``, ``current_workout`` or
``workout``. When something must be rendered from rows instead (a row stored before answers
were, NULL; a reader of another unit), they read again in the request's read transaction
(``Services.reads()``): one SELECT, then the rows, all in one snapshot.

An answer read as stored comes as its JSON texts (``StoredText``: the enrollment or the workout,
and the state block), which the API writes out undecoded (``api/stored_answers.py``): decoding a
workout's answer and encoding it again was half of a read's CPU, and on PostgreSQL psycopg's
decoding of a ``json`` column tripled its wall time. The enrollment's answer is read whole, as
text, and split into its two parts here, once per worker and answer (``_answer_texts``): the
server's JSON extraction of each part (``answer ->> 'state'``) was a third of the hot statement's
CPU on PostgreSQL (about 65 us against 42 read whole). Otherwise they return the JSON values the
API sends (``engine/queries/rendering.py``): ``{"enrollment", "state"}`` and ``{"workout",
"state"}``. Either way the state block's ``allowed_actions`` are ``[machine, trigger]`` pairs,
which the API turns into routes, and each answer comes with the unit its weights are in: an
answer is stored in its owner's unit (``answer_unit``), and sent as stored to a reader of that
``unit``; for another reader (an admin) it is rendered from its rows, weights as entered (None),
which the API converts.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sqlalchemy import JSON, Row, Text, and_, bindparam, cast, literal_column, select, type_coerce

from ..accounts import TOKEN_OWNER, Account, account_in, token_parameters
from ..db.models import UserProgramState, WorkoutSession
from ..db.repository import LIVE
from ..db.single_read import OneStatement
from ..errors import NotFound
from ..json_codec import dumps, loads
from ..states import EnrollmentState, SessionState
from .rendering import enrollment_json, workout_json
from .state import enrollment_view, not_enrolled
from .workouts import workout_view

_enrollments = UserProgramState.__table__
_workouts = WorkoutSession.__table__

_ENROLLMENT_ANSWER = (_enrollments.c.id.label("enrollment_id"), _enrollments.c.answer, _enrollments.c.answer_unit)
# The workout's answer decoded here (its column is read as text otherwise: JSONText).
_WORKOUT_ANSWER = (_workouts.c.id.label("workout_id"), _workouts.c.user_id.label("owner_id"),
                   type_coerce(_workouts.c.answer, JSON).label("workout"),
                   _workouts.c.answer_unit.label("workout_unit"))
# The hot statements read the answers as JSON text (StoredText); a workout's read needs only the
# enrollment's state block (it holds no weight: any unit will do).
_STATE_TEXT = (_enrollments.c.id.label("enrollment_id"), cast(_enrollments.c.answer, Text).label("enrollment_answer"))
_ENROLLMENT_TEXT = (*_STATE_TEXT, _enrollments.c.answer_unit)
_WORKOUT_TEXT = (_workouts.c.id.label("workout_id"), _workouts.c.user_id.label("owner_id"),
                 cast(_workouts.c.answer, Text).label("workout"), _workouts.c.answer_unit.label("workout_unit"))
_LIVE_OF_USER = and_(_enrollments.c.user_id == bindparam("user_id"), LIVE)
# A literal, not a bound parameter: SQLite plans with the partial index of the one workout in
# progress, and prepares the statement once (a parameter a partial index's predicate might match
# makes it prepare the statement again at every execution: 0.2 ms a read).
_IN_PROGRESS_OF_IT = and_(_workouts.c.user_program_state_id == _enrollments.c.id,
                          _workouts.c.status == literal_column(f"'{SessionState.IN_PROGRESS}'"))
_ITS_ENROLLMENT = _enrollments.c.id == _workouts.c.user_program_state_id
_WORKOUT_ID = _workouts.c.id == bindparam("workout_id")

# Built once (their compiled forms are cached with them). In a read transaction, after the
# authentication (the fallback path):
_LIVE_ANSWER = select(*_ENROLLMENT_ANSWER).where(_LIVE_OF_USER)
# The user's latest enrollment (off the hot path: only when there is no live one).
_LATEST = (select(_enrollments.c.id, _enrollments.c.enrollment_status)
           .where(_enrollments.c.user_id == bindparam("user_id"))
           .order_by(_enrollments.c.enrolled_at.desc()).limit(1))
_CURRENT = (select(*_ENROLLMENT_ANSWER, *_WORKOUT_ANSWER)
            .select_from(_enrollments.outerjoin(_workouts, _IN_PROGRESS_OF_IT)).where(_LIVE_OF_USER))
_WORKOUT = (select(*_WORKOUT_ANSWER, *_ENROLLMENT_ANSWER)
            .select_from(_workouts.join(_enrollments, _ITS_ENROLLMENT)).where(_WORKOUT_ID))
# The texts joined to the bearer token's owner: the request's one statement (engine/db/single_read.py).
_SIGNED_IN_ENROLLMENT = OneStatement(
    TOKEN_OWNER.add_columns(*_ENROLLMENT_TEXT).outerjoin(_enrollments, _LIVE_OF_USER))
_SIGNED_IN_CURRENT = OneStatement(
    TOKEN_OWNER.add_columns(*_STATE_TEXT, *_WORKOUT_TEXT)
    .outerjoin(_enrollments, _LIVE_OF_USER).outerjoin(_workouts, _IN_PROGRESS_OF_IT))
_SIGNED_IN_WORKOUT = OneStatement(
    TOKEN_OWNER.add_columns(*_WORKOUT_TEXT, *_STATE_TEXT)
    .outerjoin(_workouts, _WORKOUT_ID).outerjoin(_enrollments, _ITS_ENROLLMENT))


@dataclass(frozen=True)
class StoredText:
    """An answer sent as stored, its JSON texts never decoded: ``body`` (the enrollment, or the
    workout: ``null`` when none) and the enrollment's ``state`` block."""

    body: str
    state: str


Shown = tuple[dict[str, Any] | StoredText, str | None]  # an answer, and the unit of its weights (None: as entered)
SignedIn = tuple[Account | None, Row | None]  # the bearer token's owner, and what a read found with it


def signed_in_enrollment(reads, token: str, user_id: str) -> SignedIn:
    """The token's owner and ``user_id``'s live enrollment's answer, in one statement."""
    return _signed_in(reads, _SIGNED_IN_ENROLLMENT, token, user_id=user_id)


def signed_in_current_workout(reads, token: str, user_id: str) -> SignedIn:
    """The token's owner and ``user_id``'s workout in progress with the state, in one statement."""
    return _signed_in(reads, _SIGNED_IN_CURRENT, token, user_id=user_id)


def signed_in_workout(reads, token: str, workout_id: str) -> SignedIn:
    """The token's owner and a workout with its enrollment's state, in one statement."""
    return _signed_in(reads, _SIGNED_IN_WORKOUT, token, workout_id=workout_id)


def _signed_in(reads, statement, token: str, **parameters: str) -> SignedIn:
    row = reads.one_row(statement, {**token_parameters(token), **parameters})
    return account_in(row), row


def enrollment(ctx, reads, user_id: str, unit: str, found: Row | None = None) -> Shown:
    """``GET /users/{id}/enrollment``: the live enrollment's answer; without one, the program the
    user completed last (COMPLETED: enroll again), else NotEnrolled. ``found``: what
    ``signed_in_enrollment`` read, sent as stored (StoredText) when it is stored in ``unit``."""
    if found is not None and found.enrollment_id is not None and found.answer_unit == unit:
        stored = _answer_texts(found.enrollment_answer)
        if stored is not None:
            return stored, unit
    with reads:
        live = reads.execute(_LIVE_ANSWER, {"user_id": user_id}).one_or_none()
        if live is None:
            return _completed(ctx, reads, user_id), None
        if _as_stored(live.answer, live.answer_unit, unit):
            return live.answer, unit
        return _enrollment_answer(ctx, reads, live.enrollment_id), None


def _completed(ctx, reads, user_id: str) -> dict[str, Any]:
    last = reads.execute(_LATEST, {"user_id": user_id}).one_or_none()
    if last is None or last.enrollment_status != EnrollmentState.COMPLETED:
        raise not_enrolled(user_id)
    return _enrollment_answer(ctx, reads, last.id)


def current_workout(ctx, reads, user_id: str, unit: str, found: Row | None = None) -> Shown:
    """``GET /users/{id}/workouts/current``: the workout in progress (or None) and the state."""
    if found is not None:
        if found.enrollment_id is None:
            raise not_enrolled(user_id)
        state = _stored_state(found, unit)
        if state is not None:
            return StoredText(found.workout or "null", state), unit
    with reads:
        return _current_shown(ctx, reads, reads.execute(_CURRENT, {"user_id": user_id}).one_or_none(), user_id, unit)


def _current_shown(ctx, reads, found: Row | None, user_id: str, unit: str) -> Shown:
    if found is None or found.enrollment_id is None:
        raise not_enrolled(user_id)
    state = _state(ctx, reads, found)
    if found.workout_id is None:
        return {"workout": None, "state": state}, unit
    return _with_workout(ctx, reads, found, state, unit)


def workout(ctx, reads, user_id: str, workout_id: str, unit: str, found: Row | None = None) -> Shown:
    """``GET /workouts/{id}``: one of the user's workouts and the state; someone else's is missing."""
    if found is not None:
        _check_owner(found, user_id, workout_id)
        state = _stored_state(found, unit)
        if state is not None:
            return StoredText(found.workout, state), unit
    with reads:
        found = reads.execute(_WORKOUT, {"workout_id": workout_id}).one_or_none()
        _check_owner(found, user_id, workout_id)
        return _with_workout(ctx, reads, found, _state(ctx, reads, found), unit)


def _check_owner(found: Row | None, user_id: str, workout_id: str) -> None:
    if found is None or found.workout_id is None or found.owner_id != user_id:
        raise NotFound(f"There is no workout {workout_id} of yours.", {"workout_id": workout_id})


def _as_stored(answer: Any, stored_unit: str | None, unit: str) -> bool:
    return answer is not None and stored_unit == unit


def _stored_state(found: Row, unit: str) -> str | None:
    """The state block's text when everything the read answers is stored as text (the workout, if
    any, in ``unit``; the state block holds no weight): sent as stored. Else None."""
    if found.workout_id is not None and not _as_stored(found.workout, found.workout_unit, unit):
        return None
    stored = _answer_texts(found.enrollment_answer)
    return None if stored is None else stored.state


ANSWERS_KEPT = 1024


@lru_cache(maxsize=ANSWERS_KEPT)
def _answer_texts(answer: str | None) -> StoredText | None:
    """An enrollment's stored answer (its JSON text) as the texts of its enrollment and its state
    block, or None when it has no state block (none stored: rendered from rows). The same answer
    is read again and again until the lifter's state moves: each is split once, and kept."""
    parsed = None if answer is None else loads(answer)
    if not isinstance(parsed, dict) or parsed.get("state") is None:
        return None
    return StoredText(dumps(parsed.get("enrollment")), dumps(parsed["state"]))


def _state(ctx, reads, found: Row) -> dict[str, Any]:
    # The state block holds no weight: the enrollment's stored answer gives it in any unit.
    return (found.answer or _enrollment_answer(ctx, reads, found.enrollment_id))["state"]


def _with_workout(ctx, reads, found: Row, state: dict[str, Any], unit: str) -> Shown:
    if _as_stored(found.workout, found.workout_unit, unit):
        return {"workout": found.workout, "state": state}, unit
    return {"workout": _workout_answer(ctx, reads, found.workout_id), "state": state}, None


# -- rows stored before migration 00032, and readers of another unit: rendered from their rows ----
def _enrollment_answer(ctx, reads, enrollment_id: str) -> dict[str, Any]:
    row = reads.session.get(UserProgramState, enrollment_id)
    return enrollment_json(enrollment_view(ctx, reads.session, row))


def _workout_answer(ctx, reads, workout_id: str) -> dict[str, Any]:
    return workout_json(workout_view(ctx, reads.session, reads.session.get(WorkoutSession, workout_id)))

