"""The API's status enums are the loaded machines' states: a state added in YAML is documented
and accepted by the ?status= filter without an edit in api/."""

from __future__ import annotations

import falcon.testing

from api.app import create_app
from engine.bootstrap import bootstrap
from engine.config import Settings
from tests.db.test_state_columns import paused_session


def openapi(specs_dir=None) -> dict:
    settings = Settings(database_url="sqlite://", **({"specs_dir": specs_dir} if specs_dir else {}))
    app = create_app(bootstrap(settings, sync=False))
    return falcon.testing.TestClient(app).simulate_get("/openapi.json").json


def test_each_status_enum_is_its_machines_states():
    schemas = openapi()["components"]["schemas"]
    assert schemas["EnrollmentStatus"]["enum"] == ["ACTIVE", "BETWEEN_CYCLES", "QUIT", "COMPLETED"]
    assert schemas["CycleStatus"]["enum"] == schemas["WeekStatus"]["enum"] == ["PENDING", "IN_PROGRESS", "COMPLETED"]
    assert schemas["WorkoutStatus"]["enum"] == ["IN_PROGRESS", "COMPLETED", "ABANDONED"]
    state = schemas["State"]["properties"]
    assert state["enrollment_status"] == {"$ref": "#/components/schemas/EnrollmentStatus"}
    assert schemas["WorkoutSummary"]["properties"]["status"] == {"$ref": "#/components/schemas/WorkoutStatus"}


def test_a_state_added_in_yaml_reaches_the_enums_and_the_status_filter(tmp_path):
    paused_session(tmp_path / "specs")
    document = openapi(tmp_path / "specs")
    statuses = document["components"]["schemas"]["WorkoutStatus"]["enum"]
    assert statuses == ["IN_PROGRESS", "PAUSED", "COMPLETED", "ABANDONED"]
    [status] = [p for p in document["paths"]["/users/{user_id}/workouts"]["get"]["parameters"] if p["name"] == "status"]
    assert status["schema"]["items"] == {"$ref": "#/components/schemas/WorkoutStatus"}
