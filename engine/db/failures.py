"""Which database failures are transient, and the refusals that tell a client to come back.

Two kinds pass with time. A *conflict*: PostgreSQL gave up one of two racing transactions
(serialization failure 40001, deadlock 40P01) or SQLite's lock stayed taken past the busy
timeout; the transaction was rolled back whole, so running it again is safe (``engine.db.retry``
does, a few times). An *outage*: no connection could be made, or the one in use was lost.
Everything else is a bug and stays one. The API answers both kinds 503 with ``Retry-After``.
"""

from __future__ import annotations

from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError, TimeoutError as PoolTimeout

from ..errors import Busy, DatabaseUnavailable, DomainError

CONFLICT_SQLSTATES = frozenset({"40001", "40P01"})
# connection_exception (08xxx), the server shutting down or starting (57P01-57P03), too many connections.
OUTAGE_SQLSTATES = ("08", "57P01", "57P02", "57P03", "53300")
SQLITE_CONFLICTS = frozenset({5, 6})  # SQLITE_BUSY, SQLITE_LOCKED
SQLITE_OUTAGES = frozenset({10, 13, 14})  # SQLITE_IOERR, SQLITE_FULL, SQLITE_CANTOPEN


def sqlstate(exc: BaseException) -> str | None:
    """PostgreSQL's SQLSTATE of a wrapped psycopg error (None for client-side failures)."""
    return getattr(getattr(exc, "orig", None), "sqlstate", None)


def _sqlite_code(exc: BaseException) -> int | None:
    code = getattr(getattr(exc, "orig", None), "sqlite_errorcode", None)
    return None if code is None else code & 0xFF  # the primary code of an extended one


def is_conflict(exc: BaseException) -> bool:
    """Rolled back because another transaction won: running the unit of work again is safe."""
    return isinstance(exc, DBAPIError) and (
        sqlstate(exc) in CONFLICT_SQLSTATES or _sqlite_code(exc) in SQLITE_CONFLICTS
    )


def lost_connection(exc: BaseException) -> bool:
    """An established connection broke (SQLAlchemy invalidated it): its transaction is gone."""
    return isinstance(exc, DBAPIError) and exc.connection_invalidated


def is_outage(exc: BaseException) -> bool:
    if lost_connection(exc):
        return True
    if not isinstance(exc, (OperationalError, InterfaceError)) or is_conflict(exc):
        return False
    state, code = sqlstate(exc), _sqlite_code(exc)
    if code is not None:
        return code in SQLITE_OUTAGES
    return state is None or state.startswith(OUTAGE_SQLSTATES)


def refusal(exc: BaseException) -> DomainError | None:
    """The 503 refusal a transient failure deserves, or None when ``exc`` is a bug."""
    if is_conflict(exc) or isinstance(exc, PoolTimeout):
        return Busy("The database is busy with other requests for the same data. Retry in a moment.")
    if is_outage(exc):
        return DatabaseUnavailable("The database cannot be reached right now. Retry later.")
    return None


def commit_unknown() -> DatabaseUnavailable:
    """The connection broke while committing: the change may or may not have been saved."""
    return DatabaseUnavailable(
        "The connection to the database broke while saving: the change may or may not be saved. "
        "Fetch the current state before retrying."
    )
