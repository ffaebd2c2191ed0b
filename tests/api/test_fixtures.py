"""The fixtures E2E tests build on leave the database as start-up would."""

from __future__ import annotations

from sqlalchemy import func, select

from engine.db.models import Lift, ProgramVersion


def test_catalog_fixture_records_every_lift_and_program_version(catalog, lifts, db_engine):
    with db_engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(ProgramVersion)) == len(catalog.programs) > 0
        assert conn.scalar(select(func.count()).select_from(Lift)) == len(lifts) > 0


def test_each_test_starts_from_empty_tables(services, db_engine):
    with db_engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(Lift)) == 0
