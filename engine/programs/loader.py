"""Loading program files: schema, semantic checks, then the typed model.

Every error of a file is reported at once (``SpecErrors``), each with its line and field.
The program's version is the sha256 of the file's bytes: the same bytes, the same version.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

from engine.programs.checks import check_program
from engine.programs.lifts import DEFAULT_LIFTS_PATH, SPECS_DIR, Lift, load_lifts, load_schema
from engine.programs.model import Program
from engine.programs.option_checks import program_options, variant_errors
from engine.programs.options import resolved, written
from engine.programs.parse import build_program
from engine.programs.warmups import WarmupScheme, shipped_warmups
from engine.spec_files import SpecDocument, SpecError, SpecErrors, load_document, schema_errors

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
    schema = load_schema(PROGRAM_SCHEMA)
    options, option_errors = program_options(doc)
    if option_errors:
        raise SpecErrors(_unique(schema_errors(doc, schema) + option_errors))
    # The checks and the model read the file with the options' defaults written in; every other
    # value an option allows must make a valid program too.
    checked = replace(doc, data=written(doc.data, resolved(options, None)))
    errors = _mistakes(checked, schema_errors(doc, schema), lifts, warmups)
    if not errors:
        errors += variant_errors(doc, options, lambda variant, data: _mistakes(
            replace(variant, data=data), schema_errors(variant, schema), lifts, warmups))
    if errors:
        raise SpecErrors(_unique(errors))
    program = build_program(checked.data, lifts, content_hash(text.encode("utf-8")), path, text, warmups)
    return replace(program, data=doc.data)


def _mistakes(doc: SpecDocument, found_by_schema: list[SpecError], lifts: Mapping[str, Lift],
              warmups: Mapping[str, WarmupScheme]) -> list[SpecError]:
    """The file's direct mistakes; the checks' consequences only when no direct mistake explains them."""
    checked = check_program(doc, lifts, warmups)
    return found_by_schema + checked.errors or checked.consequences


def with_options(program: Program, chosen: Mapping[str, object]) -> Program:
    """The program an enrollment runs: ``program`` with the enrollment's option values written in."""
    data = written(program.data, resolved(program.options, chosen))
    built = build_program(data, program.lifts, program.version, program.path, program.text, program.warmups)
    return replace(built, data=program.data)


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
