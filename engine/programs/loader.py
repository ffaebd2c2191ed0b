"""Loading program files: schema, semantic checks, then the typed model.

Every error of a file is reported at once (``SpecErrors``), each with its line and field.
The program's version is the sha256 of the file's bytes: the same bytes, the same version.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from pathlib import Path

from engine.programs.checks import check_program
from engine.programs.lifts import DEFAULT_LIFTS_PATH, SPECS_DIR, Lift, load_lifts, load_schema
from engine.programs.model import Program
from engine.programs.parse import build_program
from engine.programs.warmups import shipped_warmups
from engine.spec_files import SpecError, SpecErrors, load_document, schema_errors

DEFAULT_PROGRAMS_DIR = SPECS_DIR / "programs"
PROGRAM_SCHEMA = "program.schema.json"


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def load_program(path: Path | str, lifts: Mapping[str, Lift] | None = None) -> Program:
    """One program file; raises SpecErrors with every mistake in it."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SpecErrors([SpecError(str(path), None, "", f"cannot read file: {exc.strerror}")]) from exc
    return _load(path, raw.decode("utf-8"), lifts)


def load_program_text(text: str, name: str, lifts: Mapping[str, Lift] | None = None) -> Program:
    """A program from its YAML text (a version kept in the database); ``name`` locates errors.

    The version is the hash of the text's UTF-8 bytes: the same as the file's when ``text`` is
    the file's ``Program.text``."""
    return _load(Path(name), text, lifts)


def _load(path: Path, text: str, lifts: Mapping[str, Lift] | None) -> Program:
    lifts = load_lifts(DEFAULT_LIFTS_PATH) if lifts is None else lifts
    warmups = shipped_warmups()  # like the lift catalog, a spec file every program may name from
    doc = load_document(path, text)
    errors = schema_errors(doc, load_schema(PROGRAM_SCHEMA)) + check_program(doc, lifts, warmups)
    if errors:
        raise SpecErrors(_unique(errors))
    return build_program(doc.data, lifts, content_hash(text.encode("utf-8")), path, text, warmups)


def load_programs(
    directory: Path | str = DEFAULT_PROGRAMS_DIR, lifts: Mapping[str, Lift] | None = None
) -> dict[str, Program]:
    """Every ``*.yaml`` of ``directory`` keyed by slug; all errors of all files at once."""
    lifts = load_lifts(DEFAULT_LIFTS_PATH) if lifts is None else lifts
    programs: dict[str, Program] = {}
    errors: list[SpecError] = []
    for path in sorted(Path(directory).glob("*.yaml")):
        try:
            program = load_program(path, lifts)
        except SpecErrors as exc:
            errors.extend(exc.errors)
            continue
        programs[program.slug] = program
    if errors:
        raise SpecErrors(errors)
    return programs


def _unique(errors: list[SpecError]) -> list[SpecError]:
    """A field broken in two ways by one cause is reported once."""
    return list(dict.fromkeys(errors))
