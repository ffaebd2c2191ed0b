"""Engine results as JSON bodies, shared by the resources that return them."""

from __future__ import annotations

from engine.accounts import Account, LiftMaxEntry, SignedIn
from engine.programs import SlotChange
from engine.queries.display import in_unit
from engine.service import Outcome

from .media import iso_timestamp


def user_json(account: Account) -> dict:
    return {
        "id": account.id,
        "email": account.email,
        "role": account.role,
        "weight_unit": account.weight_unit,
        "display_name": account.display_name,
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


def progression_json(change: SlotChange) -> dict:
    """One applied progression (an ``Outcome.progressions`` item), weights as the slot stores them."""
    previous, new = change.previous_weight, change.new_weight
    unit = new.unit if new is not None else previous.unit if previous is not None else None
    previous_value = None if previous is None else previous.to(unit).stored().value
    new_value = None if new is None else new.stored().value
    return {
        "lift": change.lift,
        "slot": change.slot,
        "previous": previous_value,
        "new": new_value,
        "delta": None if previous_value is None or new_value is None else new_value - previous_value,
        "unit": None if unit is None else str(unit),
        "rule": change.rule,
        "trigger": str(change.trigger),
    }


def progressions_json(outcome: Outcome) -> list[dict]:
    """In the unit of the command's answer (its owner's), as the rest of its answer."""
    return _in_answer_unit(outcome, [progression_json(change) for change in outcome.progressions])


def correction_progressions_json(outcome: Outcome) -> list[dict]:
    """A correction's progressions: those it reverted, then those it applied again."""
    return _in_answer_unit(outcome, [{**progression_json(change), "correction": "reverted"}
                                     for change in outcome.reverted]
                           + [{**progression_json(change), "correction": "applied"} for change in outcome.progressions])


def _in_answer_unit(outcome: Outcome, changes: list[dict]) -> list[dict]:
    return changes if outcome.unit is None or not changes else in_unit(changes, outcome.unit)

