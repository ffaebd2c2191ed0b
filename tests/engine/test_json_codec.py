"""The one JSON codec (``engine/json_codec.py``): what the database's JSON columns and the API's
answers are written with, the forms the standard library's encoder gave."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal

import pytest

from engine.json_codec import dump_bytes, dumps, loads
from engine.queries.rendering import json_value
from engine.states import SessionState


def test_plain_values_are_written_as_the_standard_library_reads_them():
    value = {"name": "Zoë", "sets": [1, 2.5, None, True], 3: "three", "state": SessionState.IN_PROGRESS}
    written = dumps(value)
    assert json.loads(written) == {"name": "Zoë", "sets": [1, 2.5, None, True], "3": "three", "state": "IN_PROGRESS"}
    assert loads(written) == json.loads(written)


def test_a_json_column_refuses_what_is_not_plain_json():
    for value in (Decimal("2.5"), datetime(2026, 12, 1), {1, 2}):
        with pytest.raises(TypeError):
            dumps({"value": value})


def test_the_api_writes_decimals_as_numbers_and_times_in_utc_with_a_z():
    # 02:30 at UTC+2 is 00:30 UTC; a naive time is UTC already.
    value = {"weight": Decimal("102.500"), "whole": Decimal("100.000"),
             "at": datetime(2026, 12, 1, 2, 30, tzinfo=timezone(timedelta(hours=2))),
             "naive": datetime(2026, 12, 1, 0, 30), "utc": datetime(2026, 12, 1, 0, 30, tzinfo=UTC)}
    assert json.loads(dump_bytes(value, default=json_value)) == {
        "weight": 102.5, "whole": 100, "at": "2026-12-01T00:30:00Z", "naive": "2026-12-01T00:30:00Z",
        "utc": "2026-12-01T00:30:00Z"}
