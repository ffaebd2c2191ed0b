"""Engine results as JSON bodies, shared by the resources that return them."""

from __future__ import annotations

from engine.accounts import Account, LiftMaxEntry, SignedIn

from .media import iso_timestamp


def user_json(account: Account) -> dict:
    return {
        "id": account.id,
        "email": account.email,
        "role": account.role,
        "weight_unit": account.weight_unit,
        "created_at": iso_timestamp(account.created_at),
    }


def signed_in_json(signed_in: SignedIn) -> dict:
    return {
        "user": user_json(signed_in.account),
        "token": signed_in.token,
        "token_type": "Bearer",
        "expires_at": iso_timestamp(signed_in.expires_at),
    }


def lift_max_json(entry: LiftMaxEntry) -> dict:
    return {
        "lift": entry.lift,
        "lift_name": entry.lift_name,
        "weight": entry.weight,
        "unit": entry.unit,
        "reps": entry.reps,
        "updated_at": iso_timestamp(entry.updated_at),
    }
