"""Everything one user owns, as one JSON document, and that document put back on any server.

The document lists each owned table's rows column by column, so it is exact (weights keep
their three decimals, times their microseconds) and a round trip re-creates the same history.
Secrets stay out: no password hash, no tokens. The program versions an enrollment ran on go
with it, so a server whose programs have since changed can still show what was prescribed.

The same list of owned tables says what deleting an account erases (``ERASED``, ``erase_user``):
one home for "the rows of a user", checked by a test against every table with a ``user_id``
or ``user_program_state_id`` column.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Column, Row, Select, Table, TypeDecorator, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..json_codec import dumps, loads
from ..operator_errors import OperatorError
from .models import (
    AuthToken,
    BackfillChange,
    IdempotencyKey,
    LiftMax,
    LoggedSet,
    Program,
    ProgramVersion,
    ProgressionLog,
    ProgressionState,
    TransitionLogEntry,
    User,
    UserProgramState,
    WorkoutSession,
)
from .types import JSONText

FORMAT = "powerpro-user-export"
VERSION = 1
ACCOUNT_COLUMNS = ("id", "email", "created_at", "role", "weight_unit")
# Exported too, and optional on import: documents exported before they existed lack them.
OPTIONAL_ACCOUNT_COLUMNS = ("display_name", "equipment")

# (document key, table, the rows of user U); in an order that inserts parents first.
Owned = tuple[str, Table, Callable[[str], Select]]


def _of_user(model) -> Callable[[str], Select]:
    return lambda user_id: select(model.__table__).where(model.__table__.c.user_id == user_id)


def _of_enrollments(model) -> Callable[[str], Select]:
    column = model.__table__.c.user_program_state_id
    return lambda user_id: select(model.__table__).where(
        column.in_(select(UserProgramState.id).where(UserProgramState.user_id == user_id))
    )


def _versions_used(user_id: str) -> Select:
    used = select(UserProgramState.program_version_id).where(UserProgramState.user_id == user_id).union(
        select(WorkoutSession.program_version_id).where(WorkoutSession.user_id == user_id)
    )
    return select(ProgramVersion.__table__).where(ProgramVersion.id.in_(used))


def _programs_used(user_id: str) -> Select:
    return select(Program.__table__).where(
        Program.slug.in_(select(UserProgramState.program_slug).where(UserProgramState.user_id == user_id))
    )


SHARED: tuple[Owned, ...] = (
    ("programs", Program.__table__, _programs_used),
    ("program_versions", ProgramVersion.__table__, _versions_used),
)
OWNED: tuple[Owned, ...] = (
    ("maxes", LiftMax.__table__, _of_user(LiftMax)),
    ("enrollments", UserProgramState.__table__, _of_user(UserProgramState)),
    ("progression_states", ProgressionState.__table__, _of_enrollments(ProgressionState)),
    ("workouts", WorkoutSession.__table__, _of_user(WorkoutSession)),
    ("sets", LoggedSet.__table__, _of_user(LoggedSet)),
    ("progression_logs", ProgressionLog.__table__, _of_user(ProgressionLog)),
    ("transitions", TransitionLogEntry.__table__, _of_user(TransitionLogEntry)),
)

# What deleting an account erases, children before parents: the exported rows, then what an
# export leaves out (tokens; 00025's record of the enrollments it backfilled). The throttle's
# rows are keyed by a digest of the email, not the id: engine/account_changes.py clears those.
# (Rows found through the user's enrollments go before the enrollments themselves.)
ERASED: tuple[tuple[Table, Callable[[str], Select]], ...] = (
    (BackfillChange.__table__, _of_enrollments(BackfillChange)),
    *((table, rows_of) for _, table, rows_of in reversed(OWNED)),
    (AuthToken.__table__, _of_user(AuthToken)),
    (IdempotencyKey.__table__, _of_user(IdempotencyKey)),
)


def erase_user(session: Session, user_id: str) -> dict[str, int]:
    """Delete every row of ``user_id`` and the user (the caller commits); rows deleted per table."""
    deleted = {}
    for table, rows_of in ERASED:
        deleted[table.name] = session.execute(table.delete().where(rows_of(user_id).whereclause)).rowcount
    deleted[User.__tablename__] = session.execute(User.__table__.delete().where(User.id == user_id)).rowcount
    return deleted


# When this server loaded a program version, and the record bests kept on a workout in progress
# (worked out again from the sets when missing: engine/queries/record_bests.py): the server's
# bookkeeping, not the user's data. An imported workout has no bests kept.
_SERVER_COLUMNS = frozenset({"loaded_at", "record_bests"})


def _columns(table: Table) -> list[Column]:
    return [column for column in table.columns if column.name not in _SERVER_COLUMNS]


class ImportRefused(OperatorError):
    """The document cannot be imported here; the message says why in one line."""


def export_user(session: Session, user_id: str) -> dict[str, Any] | None:
    user = session.get(User, user_id)
    if user is None:
        return None
    account = {name: _to_json(User.__table__.c[name], getattr(user, name))
               for name in (*ACCOUNT_COLUMNS, *OPTIONAL_ACCOUNT_COLUMNS)}
    document: dict[str, Any] = {"format": FORMAT, "version": VERSION, "account": account}
    for key, table, rows_of in (*SHARED, *OWNED):
        query = rows_of(user_id).with_only_columns(*_columns(table)).order_by(*table.primary_key.columns)
        document[key] = [_row_to_json(table, row) for row in session.execute(query)]
    return document


def import_user(session: Session, document: Mapping[str, Any], password_hash: str) -> str:
    """Insert the document's rows (the caller commits); returns the user's id."""
    document = _with_counts(document)
    _check_shape(document)
    account = document["account"]
    if session.get(User, account["id"]) or session.scalar(select(User.id).where(User.email == account["email"])):
        raise ImportRefused(f"{account['email']} (id {account['id']}) already has an account here")
    for key, table, _ in SHARED:
        present = {tuple(row) for row in session.execute(select(*table.primary_key.columns))}
        keys = table.primary_key.columns
        missing = [r for r in document.get(key, []) if tuple(r[c.name] for c in keys) not in present]
        _insert(session, table, missing)
    try:
        _insert(session, User.__table__, [{**account, "password_hash": password_hash}])
        for key, table, _ in OWNED:
            _insert(session, table, document.get(key, []))
    except (IntegrityError, ValueError, TypeError) as exc:
        reason = str(getattr(exc, "orig", exc)).splitlines()[0]
        raise ImportRefused(f"the document does not fit this server's data: {reason}") from None
    return account["id"]


# The machines' transition counts (migration 00033), which documents exported before it lack:
# each is its machine's highest seq in the document's transition log, as the migration set them.
_COUNTED = {"enrollments": ("enrollment", "cycle", "week"), "workouts": ("session",)}


def _with_counts(document: Any) -> Any:
    if not isinstance(document, Mapping) or not isinstance(document.get("transitions"), list):
        return document
    highest: dict[tuple, int] = {}
    for row in document["transitions"]:
        if isinstance(row, Mapping) and isinstance(row.get("seq"), int):
            key = (row.get("machine"), row.get("entity_id"))
            highest[key] = max(highest.get(key, 0), row["seq"])
    filled = dict(document)
    for key, machines in _COUNTED.items():
        if isinstance(document.get(key), list):
            filled[key] = [{**{f"{m}_seq": highest.get((m, row.get("id")), 0) for m in machines}, **row}
                           if isinstance(row, Mapping) else row for row in document[key]]
    return filled


def _check_shape(document: Any) -> None:
    if not isinstance(document, Mapping) or (document.get("format"), document.get("version")) != (FORMAT, VERSION):
        raise ImportRefused(f"not a {FORMAT} document of version {VERSION}")
    account = document.get("account")
    if not isinstance(account, Mapping) or not set(ACCOUNT_COLUMNS) <= set(account) <= {
            *ACCOUNT_COLUMNS, *OPTIONAL_ACCOUNT_COLUMNS}:
        raise ImportRefused(f"`account` must have exactly {', '.join(ACCOUNT_COLUMNS)}"
                            f" (and may have {', '.join(OPTIONAL_ACCOUNT_COLUMNS)})")
    for key, table, _ in (*SHARED, *OWNED):
        rows = document.get(key, [])
        columns = {column.name for column in _columns(table)}
        if not isinstance(rows, list) or not all(isinstance(row, Mapping) and set(row) == columns for row in rows):
            raise ImportRefused(f"`{key}` must be a list of rows with the columns {', '.join(sorted(columns))}")


def _insert(session: Session, table: Table, rows: Iterable[Mapping[str, Any]]) -> None:
    values = [{name: _from_json(table.c[name], value) for name, value in row.items()} for row in rows]
    if values:
        session.execute(table.insert(), values)


def _row_to_json(table: Table, row: Row) -> dict[str, Any]:
    return {column.name: _to_json(column, value) for column, value in zip(_columns(table), row, strict=True)}


def _to_json(column: Column, value: Any) -> Any:
    if value is None:
        return None
    if isinstance(column.type, TypeDecorator):
        value = column.type.process_bind_param(value, None)
    if _kept_as_text(column):
        return loads(value)  # a JSON column handled as its text: the document holds its values
    if isinstance(value, Decimal):
        return str(value)  # exact: a float would turn 102.5 into 102.49999...
    if isinstance(value, datetime):
        return value.isoformat()
    return value


def _from_json(column: Column, value: Any) -> Any:
    if value is None:
        return None
    if _kept_as_text(column):
        value = dumps(value)
    python_type = _python_type(column)
    if python_type is Decimal:
        value = Decimal(value)
    elif python_type is datetime:
        value = datetime.fromisoformat(value)
    if isinstance(column.type, TypeDecorator):
        value = column.type.process_result_value(value, None)
    return value


def _kept_as_text(column: Column) -> bool:
    # A stored answer or prescription (engine/db/types.py JSONText): read and written as text.
    return isinstance(_stored_type(column), JSONText)


def _stored_type(column: Column):
    """The column's type as the database stores it (a TypeDecorator's ``impl``)."""
    return column.type.impl if isinstance(column.type, TypeDecorator) else column.type


def _python_type(column: Column) -> type | None:
    kind = _stored_type(column)
    try:
        return kind.python_type
    except NotImplementedError:  # JSON and other structured types: taken as they are
        return None
