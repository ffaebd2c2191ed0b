"""Spec files load fast and still locate every mistake: libyaml parses, jsonschema_rs answers
valid or not, jsonschema words the errors of a refused file only, and each JSON Schema is
compiled once per process."""

from __future__ import annotations

import gc
import shutil
from pathlib import Path

import jsonschema
import pytest
import yaml
from statemachine.io.validation import load_schema as statechart_schema

from engine import spec_files
from engine.bootstrap import load_specs
from engine.config import PROJECT_ROOT
from engine.machines.schema import SIDECAR_SCHEMA
from engine.programs import load_program
from engine.programs.lifts import load_schema
from engine.programs.loader import PROGRAM_SCHEMA
from engine.spec_files import CompiledSchema, SpecErrors, load_document, schema_errors

SPECS = PROJECT_ROOT / "specs"
SPEC_FILES = sorted(SPECS.rglob("*.yaml"))


@pytest.fixture
def compilations(monkeypatch) -> list[dict]:
    """Every schema compiled from now on (the process-wide cache starts empty)."""
    monkeypatch.setattr(spec_files, "_COMPILED", {})
    compiled: list[dict] = []
    compile_once = CompiledSchema.compile

    def counted(cls, schema):
        compiled.append(schema)
        return compile_once(schema)

    monkeypatch.setattr(CompiledSchema, "compile", classmethod(counted))
    return compiled


def test_each_schema_is_compiled_once_and_jsonschema_never_runs_on_valid_files(compilations):
    load_specs(SPECS)
    load_specs(SPECS)
    expected = [load_schema(PROGRAM_SCHEMA), load_schema("lifts.schema.json"), statechart_schema(), SIDECAR_SCHEMA]
    assert sorted(map(id, compilations)) == sorted(map(id, expected))
    assert all(entry.fast is not None and entry._located is None for entry in spec_files._COMPILED.values())


def test_jsonschema_words_the_errors_of_a_refused_file_with_one_validator(compilations, tmp_path):
    path = tmp_path / "starting-strength.yaml"
    text = (SPECS / "programs" / "starting-strength.yaml").read_text(encoding="utf-8")
    path.write_text(text.replace("schema_version: 1", "schema_version: 2"), encoding="utf-8")
    line = text.splitlines().index("schema_version: 1") + 1
    located = []
    for _ in range(2):
        with pytest.raises(SpecErrors) as caught:
            load_program(path)
        assert [(e.line, e.field) for e in caught.value.errors] == [(line, "schema_version")]
        assert "1 was expected" in caught.value.errors[0].message
        located.append(spec_files.compiled_schema(load_schema(PROGRAM_SCHEMA))._located)
    assert located[0] is not None and located[0] is located[1]
    assert len(compilations) == 1 + 1  # the program schema, and the lift catalog's


def test_the_fast_parser_is_libyaml():
    assert yaml.__with_libyaml__, "PyYAML was built without libyaml: spec files load five times slower"
    assert issubclass(spec_files._FastLoader, yaml.CSafeLoader)


@pytest.mark.parametrize("path", SPEC_FILES, ids=lambda p: str(p.relative_to(SPECS)))
def test_libyaml_reads_the_data_and_lines_the_pure_parser_reads(path, monkeypatch):
    fast = load_document(path)
    monkeypatch.setattr(spec_files, "_FastLoader", spec_files._Loader)
    pure = load_document(path)
    assert fast.data == pure.data
    assert fast.lines == pure.lines and len(fast.lines) > 10


def test_a_syntax_error_is_worded_by_the_pure_parser(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("name: ok\nfinal: true: yes\n", encoding="utf-8")
    with pytest.raises(SpecErrors) as caught:
        load_document(path)
    # libyaml would say "mapping values are not allowed in this context".
    assert [str(e) for e in caught.value.errors] == [
        f"{path}:2:12: (document): invalid YAML: mapping values are not allowed here"
        " (a ':' inside a value: quote the value, or fix the indentation)\n"
        "    2 | final: true: yes\n"
        "                   ^"
    ]


def test_a_value_json_has_no_type_for_is_still_located(tmp_path):
    path = tmp_path / "dated.yaml"
    path.write_text("name: plain\nwhen: 2024-01-31\n", encoding="utf-8")
    schema = {"type": "object", "properties": {"name": {"type": "string"}, "when": {"type": "string"}}}
    errors = schema_errors(load_document(path), schema)
    assert [(e.line, e.field) for e in errors] == [(2, "when")]
    assert "is not of type 'string'" in errors[0].message


def test_an_invalid_schema_is_refused_when_compiled():
    with pytest.raises(jsonschema.SchemaError, match="'nope' is not valid"):
        CompiledSchema.compile({"type": "nope"})


def test_loading_pauses_the_collector_and_restores_it_on_a_refusal(tmp_path):
    specs = tmp_path / "specs"
    shutil.copytree(SPECS, specs)
    program = Path(specs / "programs" / "starting-strength.yaml")
    program.write_text(program.read_text(encoding="utf-8").replace("schema_version: 1", "schema_version: 2"),
                       encoding="utf-8")
    assert gc.isenabled()
    with pytest.raises(SpecErrors):
        load_specs(specs)
    assert gc.isenabled()
    with spec_files.collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
