"""Accounts as shown: the signed-in lifter's own (GET /users/me, their equipment) and the operator's list."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from ..db.models import AuthToken, User
from ..db.unit_of_work import UnitOfWork
from ..programs.plates import Equipment


@dataclass(frozen=True)
class UserListing:
    """One line of ``powerpro users list``."""

    id: str
    email: str
    role: str
    weight_unit: str
    display_name: str | None
    created_at: datetime
    disabled_at: datetime | None
    tokens: int  # live sessions (tokens not yet expired)

    @property
    def disabled(self) -> bool:
        return self.disabled_at is not None


def list_users(uow: UnitOfWork, now: datetime) -> list[UserListing]:
    """Every account, oldest first, with how many live tokens each holds (one statement)."""
    live = (select(AuthToken.user_id, func.count().label("tokens"))
            .where(AuthToken.expires_at > now).group_by(AuthToken.user_id).subquery())
    query = (select(User.id, User.email, User.role, User.weight_unit, User.display_name, User.created_at,
                    User.disabled_at, func.coalesce(live.c.tokens, 0))
             .outerjoin(live, live.c.user_id == User.id)
             .order_by(User.created_at, User.email))
    with uow:
        return [UserListing(*row) for row in uow.session.execute(query)]


def equipment(uow: UnitOfWork, user_id: str) -> dict:
    """The lifter's bar and plates as saved, or a standard gym's (GET /users/me/equipment)."""
    with uow:
        stored = uow.session.scalar(select(User.equipment).where(User.id == user_id))
        return {"equipment": Equipment.from_json(stored).to_json()}
