"""The rule-family registry and the program JSON Schema name the same families with the same
fields, and a type no family registered is an error everywhere (never a fallback)."""

from __future__ import annotations

import dataclasses
import json
from dataclasses import replace

import pytest

from engine.programs import Performance, apply_progressions, load_program, load_programs
from engine.programs.lifts import SCHEMAS_DIR
from engine.programs.model import Rule
from engine.programs.parse import build_program
from engine.programs.rules import UnknownRuleFamily, families, family
from engine.spec_files import SpecErrors
from tests.programs.support import shipped

COMMON_FIELDS = {f.name for f in dataclasses.fields(Rule)}


def schema_defs() -> dict:
    return json.loads((SCHEMAS_DIR / "program.schema.json").read_text(encoding="utf-8"))["$defs"]


def schema_dispatch(defs: dict) -> dict[str, str]:
    """type -> the $defs entry the rule schema applies to it (its allOf if/then)."""
    out = {}
    for branch in defs["rule"]["allOf"]:
        type_name = branch["if"]["properties"]["type"]["const"]
        out[type_name] = branch["then"]["$ref"].removeprefix("#/$defs/")
    return out


def test_the_registry_and_the_schema_list_the_same_families():
    defs = schema_defs()
    registered = set(families())
    assert registered == set(defs["rule"]["properties"]["type"]["enum"])
    assert schema_dispatch(defs) == {name: f.schema for name, f in families().items()}
    assert len(registered) == len(defs["rule"]["allOf"])  # no type dispatched twice


@pytest.mark.parametrize("type_name", sorted(families()))
def test_each_family_s_parameters_are_the_fields_its_schema_entry_allows(type_name):
    kind = family(type_name)
    own = {f.name for f in dataclasses.fields(kind.parameters)} - COMMON_FIELDS
    assert issubclass(kind.parameters, Rule)
    assert own == set(schema_defs()[kind.schema].get("properties", {}))
    assert kind.type == type_name


def test_every_shipped_rule_is_built_by_its_family():
    rules = [rule for program in load_programs().values() for rule in program.progressions]
    assert {rule.type for rule in rules} <= set(families())
    for rule in rules:
        assert type(rule) is family(rule.type).parameters


def test_an_unknown_type_is_an_error_when_parsing():
    with pytest.raises(UnknownRuleFamily, match="no progression rule family 'sometimes'.*known: deload"):
        family("sometimes")
    program = shipped("starting-strength")
    raw = {"slug": "x", "name": "x", "schedule": {"every_week": [], "after_cycle": "repeat"},
           "progressions": [{"id": "r", "type": "sometimes", "trigger": "AFTER_SESSION", "slots": ["squat"]}]}
    with pytest.raises(UnknownRuleFamily):
        build_program(raw, program.lifts, "v", None)


def test_an_unknown_type_is_an_error_when_progressing():
    program = shipped("starting-strength")
    rule = replace(program.progressions[0], type="sometimes")
    changed = replace(program, progressions=(rule,))
    with pytest.raises(UnknownRuleFamily):
        apply_progressions(changed, rule.trigger, "event", "enrollment", {}, Performance(()))


def test_an_unknown_type_in_a_file_is_a_schema_error_not_a_max_test(tmp_path):
    text = shipped("starting-strength").text.replace("type: linear", "type: sometimes", 1)
    path = tmp_path / "starting-strength.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SpecErrors) as caught:
        load_program(path)
    assert any(e.field.endswith(".type") for e in caught.value.errors), caught.value.errors
