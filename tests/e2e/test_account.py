"""The account recipe of the frontend guide: read the account, switch the unit (every weight is
then shown in kg, loads rounded to kg plates), change the password, sign out everywhere, delete
the account."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from tests.e2e.frontend import weights

WORK_WEIGHTS = {"squat.work": 135, "overhead-press.work": 75, "bench-press.work": 115, "deadlift.work": 185}
KG_PER_LB = Decimal("0.45359237")


def kg_plates(pounds: float) -> float:
    """A load in lb as the nearest 2.5 kg (halves up): what a lifter in kg is prescribed."""
    step = Decimal("2.5")
    return float((Decimal(str(pounds)) * KG_PER_LB / step).quantize(Decimal(1), ROUND_HALF_UP) * step)


def test_a_lifter_manages_their_account(frontend):
    """Read the account, name it and switch to kg, change the password, sign out everywhere,
    sign in again, delete the account."""
    app = frontend("starting-strength")
    app.register(look_up=False)
    assert app.account()["weight_unit"] == "lb"
    app.enroll(WORK_WEIGHTS)
    in_lb = app.enrollment()["enrollment"]["next_workout"]

    app.update_account("name yourself and switch to kg", {"display_name": "Ann", "weight_unit": "kg"})
    in_kg = app.call("read the enrollment in kg", "GET", f"/users/{app.lifter.id}/enrollment")
    next_workout = in_kg["enrollment"]["next_workout"]
    assert {s["unit"] for s in next_workout["sets"] if s["weight"] is not None} == {"kg"}
    assert weights(next_workout, "squat") == [kg_plates(w) for w in weights(in_lb, "squat")]

    app.change_password("a new passphrase for Ann")
    assert app.account()["display_name"] == "Ann"  # this session stayed signed in
    app.logout_everywhere()
    app.login()
    app.delete_account()
