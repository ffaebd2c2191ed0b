"""``workout_sessions.prescription`` stores and loads ``list[PrescribedSet]`` in the JSON shape
rows have always had, so rows written before the typed column load unchanged."""

from __future__ import annotations

import dataclasses
import json
from decimal import Decimal

from sqlalchemy import text

from engine.commands import LogSet, StartWorkout
from engine.db import types as types_module
from engine.db.models import WorkoutSession
from engine.db.types import PrescribedSets, Prescription, decode_set, set_index_at
from engine.programs import PrescribedSet, SetKind, Weight

# The first set of tiny-linear's first workout as the code before the typed column wrote it.
LEGACY_ROW = {
    "set_index": 0, "exercise_index": 0, "exercise_id": "squat", "lift": "squat", "slot": "squat", "kind": "work",
    "target_reps": 5, "is_amrap": False, "weight": "100", "min_reps": None, "reps_max": None, "percent": "100",
    "rpe": None, "exact_weight": "100.000", "basis": "squat (work weight)", "tag": None, "workout": "a",
    "warmup": False, "open_ended": False, "seconds": None, "stop_rpe": None, "superset": None, "note": None,
    "unit": "lb",
}

# Added since: how a barbell set is loaded (a standard gym's plates): 100 lb on a 45 lb bar is
# 27.5 a side, a 25 and a 2.5.
PLATES_100_LB = {"bar": "45", "per_side": [["25", 1], ["2.5", 1]], "program_weight": "100", "adjusted": False}


def stored_text(services, workout_id: str) -> str:
    with services.db.connect() as conn:
        return conn.execute(
            text("SELECT CAST(prescription AS TEXT) FROM workout_sessions WHERE id = :id"), {"id": workout_id}
        ).scalar()


def stored_json(services, workout_id: str) -> list[dict]:
    return json.loads(stored_text(services, workout_id))


def loaded(services, workout_id: str) -> list[PrescribedSet]:
    with services.uow() as uow:
        return uow.session.get(WorkoutSession, workout_id).prescription


def test_the_stored_json_keeps_the_shape_rows_have_always_had(services, user_id, enrolled):
    workout = services.handle(StartWorkout(user_id)).result
    rows = stored_json(services, workout)
    # The shape gains fields and never loses one: `plates` and `rest` (issue 12) are new; rows without them still load.
    # A field at its default is left out (it loads as its default, as an older row's missing field does).
    defaults = {"min_reps", "reps_max", "rpe", "tag", "seconds", "stop_rpe", "superset", "note", "warmup", "open_ended"}
    assert rows[0] == {**{k: v for k, v in LEGACY_ROW.items() if k not in defaults}, "plates": PLATES_100_LB}
    assert loaded(services, workout)[0] == decode_set({**LEGACY_ROW, "plates": PLATES_100_LB, "rest": None})
    assert [r["set_index"] for r in rows] == [0, 1]


def test_a_row_written_before_the_typed_column_loads_as_prescribed_sets(services, user_id, enrolled):
    workout = services.handle(StartWorkout(user_id)).result
    # An older row: fields added since are missing (they take their defaults), the weights are in kg.
    older = {k: v for k, v in LEGACY_ROW.items() if k not in ("seconds", "stop_rpe", "superset", "note")}
    older |= {"weight": "45.5", "exact_weight": "45.36", "unit": "kg", "percent": "72.5"}
    with services.db.begin() as conn:  # as the standard library's encoder wrote it: {"set_index": 0, ...}, {...}
        conn.execute(text("UPDATE workout_sessions SET prescription = :p WHERE id = :id"),
                     {"p": json.dumps([older, {**older, "set_index": 1}]), "id": workout})
    prescribed, second = loaded(services, workout)
    assert second == dataclasses.replace(prescribed, set_index=1)
    assert prescribed.weight == Weight.of("45.5", "kg") and prescribed.exact_weight == Weight.of("45.36", "kg")
    assert (prescribed.kind, prescribed.percent, prescribed.seconds, prescribed.note) == (
        SetKind.WORK, Decimal("72.5"), None, None)
    services.handle(LogSet(user_id, workout, 0, 5))  # logging reads the loaded set: its weight and unit
    with services.db.connect() as conn:
        logged = conn.execute(
            text("SELECT weight, unit FROM logged_sets WHERE session_id = :id"), {"id": workout}
        ).one()
    assert (Decimal(logged.weight), logged.unit) == (Decimal("45.5"), "kg")


def test_what_is_stored_loads_back_equal(services, user_id, enrolled):
    workout = services.handle(StartWorkout(user_id)).result
    sets = loaded(services, workout)
    assert all(isinstance(s, PrescribedSet) for s in sets)
    assert [(s.lift, s.weight, s.unit) for s in sets] == [("squat", Weight.of(100, "lb"), "lb")] * 2


def test_a_loaded_prescription_decodes_a_set_when_it_is_read(services, user_id, enrolled):
    workout = services.handle(StartWorkout(user_id)).result
    stored = stored_text(services, workout)
    with services.uow() as uow:
        sets = uow.session.get(WorkoutSession, workout).prescription
        assert isinstance(sets, PrescribedSets) and len(sets) == 2
        assert set_index_at(sets, 1) == 1 and sets._decoded == [None, None]  # found without decoding
        second = sets[1]
        assert sets._decoded == [None, second] and sets[1] is second  # decoded once, then kept
        # Equal to the list it stands for, either way round; a changed set makes it differ.
        as_list = [sets[0], second]
        assert sets == as_list and as_list == sets and sets[-1:] == [second]
        assert sets != [sets[0], dataclasses.replace(second, target_reps=3)] and sets != as_list[:1]
    with services.uow() as uow:
        # Written back, the sets never read are the stored text as it was; a read one, encoded again.
        untouched = uow.session.get(WorkoutSession, workout).prescription
        untouched[0]
        assert Prescription().process_bind_param(untouched, None) == stored
        assert untouched._decoded[1] is None


def test_a_logged_set_decodes_only_its_own_prescription(services, user_id, enrolled, monkeypatch):
    workout = services.handle(StartWorkout(user_id)).result
    # The workout's first work set reads the lifter's bests of every lift it prescribes
    # (engine/queries/record_bests.py), so it reads which lifts those are; a later set does not.
    services.handle(LogSet(user_id, workout, 0, 5))
    decoded = []
    monkeypatch.setattr(types_module, "decode_set", lambda data: decoded.append(data["set_index"]) or decode_set(data))
    services.handle(LogSet(user_id, workout, 1, 5))
    assert decoded == [1]


def test_a_row_whose_sets_do_not_begin_with_their_index_loads_parsed_whole(services, user_id, enrolled):
    workout = services.handle(StartWorkout(user_id)).result
    # Keys in another order (a row some other writer wrote): the sets' texts cannot be cut apart.
    reordered = [dict(reversed(list(row.items()))) for row in stored_json(services, workout)]
    with services.db.begin() as conn:
        conn.execute(text("UPDATE workout_sessions SET prescription = :p WHERE id = :id"),
                     {"p": json.dumps(reordered), "id": workout})
    with services.uow() as uow:
        sets = uow.session.get(WorkoutSession, workout).prescription
        assert len(sets) == 2 and [set_index_at(sets, p) for p in range(2)] == [0, 1]
        assert sets[1] == decode_set(reordered[1])
    services.handle(LogSet(user_id, workout, 1, 5))
    assert [row["set_index"] for row in stored_json(services, workout)] == [0, 1]
