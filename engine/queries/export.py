"""A lifter's data, taken out: the whole history as JSON, and the sets as a Strong-style CSV.

The CSV uses the columns of Strong's export (Date, Workout Name, Duration, Exercise Name, Set
Order, Weight, Reps, Distance, Seconds, Notes, Workout Notes, RPE), which spreadsheets and
other trackers already import; weights stay in the unit they were logged in.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime
from typing import Any

from sqlalchemy import select

from ..accounts import UserNotFound, normalize_email
from ..db import user_data
from ..db.models import Lift, LoggedSet, User, WorkoutSession
from ..db.unit_of_work import UnitOfWork
from .state import number, workout_summary

STRONG_COLUMNS = ("Date", "Workout Name", "Duration", "Exercise Name", "Set Order", "Weight", "Reps",
                  "Distance", "Seconds", "Notes", "Workout Notes", "RPE")


def user_document(uow: UnitOfWork, user_id: str) -> dict[str, Any]:
    with uow:
        document = user_data.export_user(uow.session, user_id)
    if document is None:
        raise UserNotFound(f"No user has the id {user_id}.", {"user_id": user_id})
    return document


def user_id_of(uow: UnitOfWork, email: str) -> str:
    """The id of the account with ``email`` (as typed by an operator)."""
    with uow:
        user_id = uow.session.scalar(select(User.id).where(User.email == normalize_email(email)))
    if user_id is None:
        raise UserNotFound(f"No account has the email {normalize_email(email)}.", {"email": email})
    return user_id


def sets_csv(ctx, uow: UnitOfWork, user_id: str) -> str:
    query = (
        select(LoggedSet, WorkoutSession, Lift.name)
        .join(Lift, Lift.slug == LoggedSet.lift_slug)
        .outerjoin(WorkoutSession, WorkoutSession.id == LoggedSet.session_id)
        .where(LoggedSet.user_id == user_id)
        .order_by(LoggedSet.logged_at, LoggedSet.session_id, LoggedSet.set_index, LoggedSet.id)
    )
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(STRONG_COLUMNS)
    with uow:
        names: dict[str, str | None] = {}
        for logged, workout, lift_name in uow.session.execute(query):
            if workout is not None and workout.id not in names:
                names[workout.id] = workout_summary(ctx, uow.session, workout)["name"]
            writer.writerow(_strong_row(logged, workout, lift_name, names.get(logged.session_id)))
    return out.getvalue()


def _strong_row(logged: LoggedSet, workout: WorkoutSession | None, lift_name: str, workout_name: str | None) -> list:
    started = workout.started_at if workout is not None else logged.logged_at
    order = "" if logged.set_index is None else logged.set_index + 1
    return [
        _strong_time(started), workout_name or "", _duration(workout), lift_name, order,
        number(logged.weight), logged.reps, "", "", logged.note or "", "" if workout is None else workout.note or "",
        "" if logged.rpe is None else number(logged.rpe),
    ]


def _strong_time(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S")


def _duration(workout: WorkoutSession | None) -> str:
    """Strong writes durations as ``1h 5m`` or ``45m``."""
    if workout is None or workout.finished_at is None:
        return ""
    minutes = int((workout.finished_at - workout.started_at).total_seconds() // 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h {minutes}m" if hours else f"{minutes}m"
