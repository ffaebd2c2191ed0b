"""Typed ORM models for every table the migrations create: the one place SQL types live.

The migrations in ``migrations/`` are the source of truth for the schema; a test migrates an
empty database and compares it with these models on SQLite and PostgreSQL.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    TIMESTAMP,
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    false,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from ..programs import PrescribedSet
from ..states import HISTORY, SessionState
from .types import JSONText, Prescription

WeightType = Numeric(10, 3, asdecimal=True)


def new_id() -> str:
    return str(uuid.uuid4())


def utcnow() -> datetime:
    """Naive UTC: TIMESTAMP columns carry no zone on either engine."""
    return datetime.now(UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    type_annotation_map = {datetime: TIMESTAMP()}


class User(Base):
    __tablename__ = "users"
    __table_args__ = (Index("ux_users_email", "email", unique=True),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    email: Mapped[str] = mapped_column(String(254))
    password_hash: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    role: Mapped[str] = mapped_column(String(16), server_default="user", default="user")
    weight_unit: Mapped[str] = mapped_column(String(2), server_default="lb", default="lb")
    display_name: Mapped[str | None] = mapped_column(String(64))
    disabled_at: Mapped[datetime | None]  # set: the account may not sign in (powerpro users disable)
    equipment: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # bar and plates; NULL: a standard gym's


class AuthToken(Base):
    __tablename__ = "auth_tokens"
    __table_args__ = (
        Index("ix_auth_tokens_user", "user_id"),
        Index("ix_auth_tokens_expires_at", "expires_at"),
    )

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[str] = mapped_column(String(36), ForeignKey("users.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]


class AuthThrottle(Base):
    """One throttle counter: attempts in the window that closes at ``expires_at`` (engine/throttle.py)."""

    __tablename__ = "auth_throttle"
    __table_args__ = (
        CheckConstraint("attempts >= 1"),
        Index("ix_auth_throttle_expires_at", "expires_at"),
    )

    bucket: Mapped[str] = mapped_column(String(64), primary_key=True)  # sha256 hex of scope and key
    attempts: Mapped[int] = mapped_column(Integer)
    expires_at: Mapped[datetime]


class IdempotencyKey(Base):
    """The first answer to a write sent with an Idempotency-Key, per user and key (engine/idempotency.py)."""

    __tablename__ = "idempotency_keys"
    __table_args__ = (
        CheckConstraint("state IN ('in_flight', 'done')"),
        CheckConstraint("state = 'in_flight' OR status IS NOT NULL"),
        Index("ix_idempotency_keys_created_at", "created_at"),
    )

    user_id: Mapped[str] = mapped_column(String(36), ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(64))  # sha256 hex of method, path and canonical body
    state: Mapped[str] = mapped_column(String(16))
    status: Mapped[int | None] = mapped_column(Integer)
    headers: Mapped[dict[str, str] | None] = mapped_column(JSON)
    body: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime]


class Lift(Base):
    __tablename__ = "lifts"

    slug: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(128))


class LiftMax(Base):
    __tablename__ = "lift_maxes"
    __table_args__ = (Index("ux_lift_maxes_user_lift_reps", "user_id", "lift_slug", "reps", unique=True),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    user_id: Mapped[str] = mapped_column(String(36), ForeignKey("users.id", ondelete="CASCADE"))
    lift_slug: Mapped[str] = mapped_column(String(64), ForeignKey("lifts.slug"))
    weight: Mapped[Decimal] = mapped_column(WeightType)
    unit: Mapped[str] = mapped_column(String(2))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    reps: Mapped[int] = mapped_column(Integer, server_default="1", default=1)


class Program(Base):
    __tablename__ = "programs"

    slug: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(128))


class ProgramVersion(Base):
    __tablename__ = "program_versions"
    __table_args__ = (Index("ix_program_versions_program", "program_slug", "loaded_at"),)

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    program_slug: Mapped[str] = mapped_column(String(64), ForeignKey("programs.slug"))
    content_yaml: Mapped[str] = mapped_column(Text)
    loaded_at: Mapped[datetime] = mapped_column(default=utcnow)


_HISTORY = "(" + ", ".join(f"'{state}'" for state in HISTORY) + ")"


class UserProgramState(Base):
    """An enrollment: the position plus the persisted state of three machines."""

    __tablename__ = "user_program_states"
    __table_args__ = (
        Index(
            "ux_user_program_states_live_user",
            "user_id",
            unique=True,
            sqlite_where=text(f"enrollment_status NOT IN {_HISTORY}"),
            postgresql_where=text(f"enrollment_status NOT IN {_HISTORY}"),
        ),
        CheckConstraint("current_cycle_iteration >= 1"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    user_id: Mapped[str] = mapped_column(String(36), ForeignKey("users.id", ondelete="CASCADE"))
    program_slug: Mapped[str] = mapped_column(String(64), ForeignKey("programs.slug"))
    current_cycle_iteration: Mapped[int] = mapped_column(Integer, server_default="1", default=1)
    current_week: Mapped[int] = mapped_column(Integer, server_default="1", default=1)
    current_day_index: Mapped[int | None] = mapped_column(Integer)
    enrolled_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    program_version_id: Mapped[str | None] = mapped_column(String(64), ForeignKey("program_versions.id"))
    # The status defaults mirror the migrations' DEFAULT clauses; the machine loader checks that
    # each is its machine's initial state (engine.machines.checks._binding).
    enrollment_status: Mapped[str] = mapped_column(String(16), server_default="ACTIVE", default="ACTIVE")
    cycle_status: Mapped[str] = mapped_column(String(16), server_default="PENDING", default="PENDING")
    week_status: Mapped[str] = mapped_column(String(16), server_default="PENDING", default="PENDING")
    # The stored answer of GET /users/{id}/enrollment (engine/handlers/stored_state.py); loaded
    # only when asked for: the commands never read it.
    answer: Mapped[dict[str, Any] | None] = mapped_column(JSON, deferred=True)
    # The unit of every weight in ``answer`` (its owner's when stored; migration 00043).
    answer_unit: Mapped[str | None] = mapped_column(String(8), deferred=True)
    # The lifter's bests as its last finished or abandoned workout left them (migration 00045,
    # engine/queries/record_bests.py): its next workout starts with them. NULL: not known.
    record_bests: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True), deferred=True)
    # Each machine's transition count (migration 00033): the seq of its last transition-log row,
    # moved on in the UPDATE that writes the new state (engine.machines.binding.fire).
    enrollment_seq: Mapped[int] = mapped_column(Integer, server_default="0", default=0)
    cycle_seq: Mapped[int] = mapped_column(Integer, server_default="0", default=0)
    week_seq: Mapped[int] = mapped_column(Integer, server_default="0", default=0)
    # The program options chosen at enrollment, by option id (migration 00041); NULL: none.
    options: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class LoggedSet(Base):
    """A set as logged. ``session_id`` is a soft reference: legacy rows carry client-made ids."""

    __tablename__ = "logged_sets"
    __table_args__ = (
        Index("ix_logged_sets_session", "session_id", "set_index"),
        Index("ix_logged_sets_user_time", "user_id", "logged_at"),
        Index("ix_logged_sets_user_lift", "user_id", "lift_slug", "logged_at"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    user_id: Mapped[str] = mapped_column(String(36), ForeignKey("users.id", ondelete="CASCADE"))
    session_id: Mapped[str] = mapped_column(String(64))
    lift_slug: Mapped[str] = mapped_column(String(64), ForeignKey("lifts.slug"))
    weight: Mapped[Decimal] = mapped_column(WeightType)
    unit: Mapped[str] = mapped_column(String(2))
    reps: Mapped[int] = mapped_column(Integer)
    logged_at: Mapped[datetime] = mapped_column(default=utcnow)
    rpe: Mapped[Decimal | None] = mapped_column(Numeric(3, 1, asdecimal=True))
    set_index: Mapped[int | None] = mapped_column(Integer)
    target_reps: Mapped[int | None] = mapped_column(Integer)
    user_program_state_id: Mapped[str | None] = mapped_column(
        String(36), ForeignKey("user_program_states.id", ondelete="CASCADE")
    )
    note: Mapped[str | None] = mapped_column(String(1000))
    corrected_at: Mapped[datetime | None]
    # A warm-up set (migration 00034): logged or skipped, it never counts for records or volume.
    warmup: Mapped[bool] = mapped_column(Boolean, server_default=false(), default=False)


class ProgressionLog(Base):
    __tablename__ = "progression_logs"
    __table_args__ = (
        Index("ux_progression_logs_idempotency", "idempotency_key", unique=True),
        Index("ix_progression_logs_user_time", "user_id", "applied_at"),
        Index("ix_progression_logs_workout", "workout_id"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    user_id: Mapped[str] = mapped_column(String(36), ForeignKey("users.id", ondelete="CASCADE"))
    user_program_state_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("user_program_states.id", ondelete="CASCADE")
    )
    lift_slug: Mapped[str] = mapped_column(String(64), ForeignKey("lifts.slug"))
    previous_weight: Mapped[Decimal | None] = mapped_column(WeightType)
    new_weight: Mapped[Decimal | None] = mapped_column(WeightType)
    idempotency_key: Mapped[str] = mapped_column(String(255))
    applied_at: Mapped[datetime] = mapped_column(default=utcnow)
    rule: Mapped[str] = mapped_column(String(64), server_default="unknown")
    trigger: Mapped[str] = mapped_column(String(32), server_default="AFTER_SESSION")
    slot: Mapped[str | None] = mapped_column(String(100))
    # Corrections (migration 00030): the workout whose sets or completion produced the change
    # (a soft reference), the slot's whole state around it, and the amendments involved.
    workout_id: Mapped[str | None] = mapped_column(String(36))
    previous_state: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    new_state: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    amendment_id: Mapped[str | None] = mapped_column(String(36))
    reverted_by: Mapped[str | None] = mapped_column(String(36))
    reverted_at: Mapped[datetime | None]


class ProgressionState(Base):
    """Progression state of one slot of an enrollment (a lift, or a lift in a tier)."""

    __tablename__ = "progression_states"
    __table_args__ = (Index("ux_progression_states_slot", "user_program_state_id", "slot", unique=True),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    user_program_state_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("user_program_states.id", ondelete="CASCADE")
    )
    slot: Mapped[str] = mapped_column(String(100))
    weight: Mapped[Decimal | None] = mapped_column(WeightType)
    failure_count: Mapped[int] = mapped_column(Integer, server_default="0", default=0)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    stage: Mapped[int] = mapped_column(Integer, server_default="0", default=0)
    data: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class WorkoutSession(Base):
    __tablename__ = "workout_sessions"
    __table_args__ = (
        Index("ix_workout_sessions_state_week_day", "user_program_state_id", "week", "day_index"),
        Index("ix_workout_sessions_state_status", "user_program_state_id", "status"),
        Index("ix_workout_sessions_user_started", "user_id", "started_at"),
        Index(
            "ux_workout_sessions_one_in_progress",
            "user_program_state_id",
            unique=True,
            sqlite_where=text(f"status = '{SessionState.IN_PROGRESS}'"),
            postgresql_where=text(f"status = '{SessionState.IN_PROGRESS}'"),
        ),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    user_program_state_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("user_program_states.id", ondelete="CASCADE")
    )
    user_id: Mapped[str] = mapped_column(String(36), ForeignKey("users.id", ondelete="CASCADE"))
    program_version_id: Mapped[str | None] = mapped_column(String(64), ForeignKey("program_versions.id"))
    cycle_iteration: Mapped[int] = mapped_column(Integer)
    week: Mapped[int] = mapped_column(Integer)
    day_index: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16), server_default="IN_PROGRESS", default="IN_PROGRESS")
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]
    prescription: Mapped[list[PrescribedSet] | None] = mapped_column(Prescription)
    # GET /workouts/{id}'s workout, as its JSON text: sent as stored, patched by splicing it.
    answer: Mapped[str | None] = mapped_column(JSONText, deferred=True)
    answer_unit: Mapped[str | None] = mapped_column(String(8), deferred=True)  # as the enrollment's
    session_seq: Mapped[int] = mapped_column(Integer, server_default="0", default=0)  # as enrollment_seq
    note: Mapped[str | None] = mapped_column(String(1000))  # the lifter's note on the workout
    # The lifter's bests for the lifts it prescribes while it is in progress (migration 00044,
    # engine/queries/record_bests.py); NULL: not known, read again from the history.
    record_bests: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))


class BackfillChange(Base):
    """Rows migration 00025 changed, kept so its rollback restores exactly them."""

    __tablename__ = "backfill_00025_changes"

    user_program_state_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    cycle_status: Mapped[str] = mapped_column(String(16))
    week_status: Mapped[str] = mapped_column(String(16))


class TransitionLogEntry(Base):
    """One row per transition; (machine, entity_id, seq) makes concurrent transitions collide."""

    __tablename__ = "transition_log"
    __table_args__ = (Index("ix_transition_log_user_time", "user_id", "created_at"),)

    machine: Mapped[str] = mapped_column(String(32), primary_key=True)
    entity_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    user_id: Mapped[str] = mapped_column(String(36), ForeignKey("users.id", ondelete="CASCADE"))
    transition: Mapped[str] = mapped_column(String(64))
    from_state: Mapped[str | None] = mapped_column(String(32))
    to_state: Mapped[str] = mapped_column(String(32))
    event: Mapped[str | None] = mapped_column(String(64))
    payload: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
