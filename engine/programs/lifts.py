"""The lift catalog (specs/lifts.yaml): slug, name, barbell or not, body class."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from engine.config import PROJECT_ROOT
from engine.spec_files import SpecErrors, load_document, schema_errors

SPECS_DIR = PROJECT_ROOT / "specs"
DEFAULT_LIFTS_PATH = SPECS_DIR / "lifts.yaml"
SCHEMAS_DIR = SPECS_DIR / "schemas"


@dataclass(frozen=True)
class Lift:
    slug: str
    name: str
    barbell: bool
    body: str  # lower | upper | core
    pattern: str = "other"
    parent: str | None = None
    bodyweight: bool = False


@cache
def load_schema(name: str) -> dict[str, Any]:
    return json.loads((SCHEMAS_DIR / name).read_text(encoding="utf-8"))


def load_lifts(path: Path | str = DEFAULT_LIFTS_PATH) -> dict[str, Lift]:
    """The catalog keyed by slug; every mistake in the file is reported at once, located."""
    doc = load_document(path)
    errors = schema_errors(doc, load_schema("lifts.schema.json"))
    entries = (doc.data or {}).get("lifts") if isinstance(doc.data, dict) else None
    if not errors and isinstance(entries, dict):
        errors += [
            doc.error(("lifts", slug, "parent"), f"unknown parent lift {entry['parent']!r}")
            for slug, entry in entries.items()
            if entry.get("parent") is not None and entry["parent"] not in entries
        ]
    if errors:
        raise SpecErrors(errors)
    return {slug: Lift(slug=slug, **entry) for slug, entry in entries.items()}
