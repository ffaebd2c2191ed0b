"""Loading: all shipped programs load; a broken file reports all its errors, located; the schema
documents itself; the lift catalog is complete."""

import hashlib
import json
import textwrap

import jsonschema
import pytest

from engine.programs import load_lifts, load_program, load_programs
from engine.programs.lifts import DEFAULT_LIFTS_PATH, SCHEMAS_DIR
from engine.programs.loader import DEFAULT_PROGRAMS_DIR
from engine.spec_files import SpecErrors

SHIPPED = sorted(p.stem for p in DEFAULT_PROGRAMS_DIR.glob("*.yaml"))
REQUIRED = {"wendler-531-bbb", "starting-strength", "gzclp", "texas-method", "greyskull-lp", "stronglifts-5x5"}


def test_every_shipped_program_loads():
    programs = load_programs()
    assert set(programs) >= REQUIRED and set(programs) == set(SHIPPED)
    for slug, program in programs.items():
        assert program.slug == slug and program.weeks_per_cycle >= 1
        assert program.version == hashlib.sha256((DEFAULT_PROGRAMS_DIR / f"{slug}.yaml").read_bytes()).hexdigest()
        for week in range(1, program.weeks_per_cycle + 1):
            assert program.days_in_week(week) >= 1


def test_the_version_is_the_hash_of_the_bytes(tmp_path):
    source = (DEFAULT_PROGRAMS_DIR / "starting-strength.yaml").read_bytes()
    path = tmp_path / "starting-strength.yaml"
    path.write_bytes(source)
    first = load_program(path).version
    path.write_bytes(source + b"\n# an edit\n")
    assert load_program(path).version != first
    assert len(first) == 64


BROKEN = """\
schema_version: 1
slug: test-program
name: Broken
inputs:
  squat.1rm: {lift: squatt, kind: rep_max}
slots:
  squat: {lift: squat, kind: training_max, initial: {from: squat.1rn, percent: 90}}
lookups:
  wave:
    weeks:
      - [{reps: 5, percent: 65}]
      - [{reps: 3, percent: 70}]
workouts:
  a:
    exercises:
      - {lift: squat, sets: {lookup: wave}, tag: main}
      - {lift: benchpress, sets: [{sets: 3, reps: 5, percent: 400}]}
      - {lift: squat, sets: [{sets: 3, reps: 8, reps_max: 6}], load: {type: workout, workout: b, exercise: squat}}
schedule:
  weeks_per_cycle: 3
  every_week: [a, c]
  after_cycle: forever
progressions:
  - id: up
    type: linear
    trigger: AFTER_WORKOUT
    slots: [squat, deadlift]
    driver: {tag: mian}
    change: {add: {lower: {lb: 10, kg: 5}}}
    extra: 1
  - id: up
    type: stages
    trigger: AFTER_SESSION
    slots: [squat]
    on_success: {add: {lb: 5}}
    on_last_stage_failure: {action: retest}
"""


def errors_of(tmp_path, text, name="test-program.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SpecErrors) as caught:
        load_program(path)
    return [(e.line, e.field, e.message) for e in caught.value.errors]


def test_a_broken_file_reports_every_error_with_its_line_and_field(tmp_path):
    errors = errors_of(tmp_path, BROKEN)
    located = {(line, field) for line, field, _ in errors}
    assert {
        (5, "inputs.squat.1rm"),  # rep_max without reps
        (5, "inputs.squat.1rm.lift"),  # unknown lift
        (7, "slots.squat.initial.from"),  # unknown input
        (10, "lookups.wave.weeks"),  # 2 weeks in a 3-week cycle
        (17, "workouts.a.exercises[1].lift"),
        (17, "workouts.a.exercises[1].sets[0].percent"),  # schema: > 150
        (18, "workouts.a.exercises[2].load.workout"),
        (18, "workouts.a.exercises[2].sets[0].reps_max"),
        (21, "schedule.every_week[1]"),
        (22, "schedule.after_cycle"),
        (30, "progressions[0].extra"),  # unknown field, at its own line
        (26, "progressions[0].trigger"),
        (27, "progressions[0].slots[1]"),
        (31, "progressions[1].id"),
        (35, "progressions[1].on_success.add"),
        (36, "progressions[1].on_last_stage_failure"),
    } <= located
    messages = " | ".join(message for _, _, message in errors)
    for fragment in (
        "unknown lift 'squatt'",
        "'squat.1rn' is neither an input nor a slot",
        "has 2 weeks but the cycle has 3",
        "unknown workout 'c'",
        "'AFTER_WORKOUT' is not one of",
        "rule id 'up' is used twice",
        "unknown slot 'deadlift'",
        "unknown field",
    ):
        assert fragment in messages
    # A tag no set carries is usually another mistake's consequence: shown once the rest is fixed.
    assert "has tag 'mian'" not in messages


def test_errors_name_the_file_and_print_one_per_line(tmp_path):
    path = tmp_path / "test-program.yaml"
    path.write_text(BROKEN, encoding="utf-8")
    with pytest.raises(SpecErrors) as caught:
        load_program(path)
    lines = str(caught.value).splitlines()
    assert len(lines) == len(caught.value.errors) > 15
    assert all(line.startswith(f"{path}:") for line in lines)


def test_invalid_yaml_is_located(tmp_path):
    assert errors_of(tmp_path, "schema_version: 1\nslug: [unclosed\n")[0][0] == 3


def test_semantic_checks(tmp_path):
    text = textwrap.dedent("""\
        schema_version: 1
        slug: other-name
        name: Checks
        inputs:
          squat: {lift: squat, kind: work_weight, reps: 5}
          unused.1rm: {lift: squat, kind: rep_max, reps: 1}
        slots:
          squat: {lift: squat, kind: work_weight, initial: {from: squat, otherwise: {from: squat}}}
          loop-a: {lift: squat, kind: work_weight, initial: {from: loop-b}}
          loop-b: {lift: squat, kind: work_weight, initial: {from: loop-a}}
          lonely: {lift: bench-press, kind: work_weight}
          press: {lift: overhead-press, kind: work_weight}
        workouts:
          a:
            exercises:
              - {id: x, lift: squat, sets: [{sets: 3, kind: rm_find}, {reps: 5, plus: true, kind: mrs}]}
              - {id: x, lift: front-squat, sets: {stages: [[{reps: 5}]]}, weeks: [3]}
              - {lift: curl-machine, sets: [{kind: fatigue, reps: 5}]}
              - {lift: squat, load: {type: rpe}, sets: [{reps: 15, rpe: 8}]}
              - {lift: squat, load: {type: user}, sets: [{reps: 5, percent: 50}]}
              - {lift: squat, load: {type: logged, exercise: later}, sets: [{reps: 5}]}
              - {id: later, lift: squat, load: {type: rep_target}, sets: [{kind: timed}]}
              - {lift: dumbbell-row, sets: [{reps: 10, percent: 70}]}
          b:
            exercises:
              - {lift: squat, sets: [{reps: 5}], load: {type: workout, workout: c, exercise: squat}}
          c:
            exercises:
              - {lift: squat, sets: [{reps: 5}], load: {type: workout, workout: b, exercise: squat}}
          never:
            exercises:
              - {lift: squat, sets: [{reps: 5}]}
        schedule:
          weeks_per_cycle: 2
          weeks:
            - {days: [a, b, c]}
          every_week: [a]
          after_cycle: repeat
        progressions:
          - {id: stages, type: stages, trigger: AFTER_SESSION, slots: [press], on_success: {add: {lb: 5, kg: 2.5}},
             on_last_stage_failure: {action: restart}}
          - {id: dp, type: double_progression, trigger: ON_FAILURE, slots: [squat],
             change: {add: {lb: 5, kg: 2.5}, percent: 90}}
          - {id: table, type: rep_table, trigger: AFTER_WEEK, slots: [press], measure: total_reps,
             rows: [{min: 5, max: 2}]}
          - {id: up, type: linear, trigger: AFTER_WEEK, slots: [press], change: {add: {lower: {lb: 10, kg: 5}}}}
          - {id: jug, type: rep_standard, trigger: AFTER_WEEK, slots: [press], standards: [10, 0],
             step: {lb: 5, kg: 2.5}}
        """)
    messages = "\n".join(f"{field}: {message}" for _, field, message in errors_of(tmp_path, text))
    expected = [
        "slug: slug 'other-name' must match the file name",
        "inputs.squat.reps: a work_weight input has no reps",
        "slots.squat: 'squat' is both an input and a slot",
        "otherwise is only used when `from` is an optional input",
        "initial values refer to each other in a loop",
        "exercise id 'x' is used twice in this workout",
        "a rm_find set needs reps",
        "a mrs set cannot be plus",
        "staged sets need a slot",
        "week 3 is past the end of the cycle (1 week)",
        "unknown lift 'curl-machine'",
        "fatigue sets need stop_rpe",
        "the RPE chart covers RPE 6.5-10 and 1-12 reps",
        "a user load takes no percent",
        "no exercise 'later' at or before this one",
        "a rep_target load needs a formula",
        "a timed set needs seconds",
        "depends on its own loads through workout loads",
        "give exactly one of `weeks` and `every_week`",
        "weeks_per_cycle is 2 but 1 week is listed",
        "restart needs the amount to add",
        "slot 'press' has no staged sets",
        "ON_FAILURE sees one failed set",
        "a change needs exactly one of add and percent",
        "slot 'squat' has no rep-range sets",
        "max 2 is below min 5",
        "no amount for slot 'press': lift 'overhead-press' is upper body",
        "standards: has 2 weeks but the cycle has 1",
    ]
    missing = [m for m in expected if m not in messages]
    assert not missing, messages
    # What a direct mistake usually causes waits until the direct mistakes are fixed.
    consequences = ("slot 'lonely' is used by no", "input 'unused.1rm'", "this load needs a slot", "never scheduled")
    for consequence in consequences:
        assert consequence not in messages


def test_load_programs_reports_the_errors_of_every_file(tmp_path):
    (tmp_path / "one.yaml").write_text("schema_version: 1\nslug: one\nname: One\n", encoding="utf-8")
    (tmp_path / "two.yaml").write_text(
        "schema_version: 2\nslug: two\nname: Two\nschedule: {after_cycle: repeat, every_week: [x]}\n", encoding="utf-8"
    )
    with pytest.raises(SpecErrors) as caught:
        load_programs(tmp_path)
    files = {e.file.rsplit("/", 1)[-1] for e in caught.value.errors}
    assert files == {"one.yaml", "two.yaml"}


def schema():
    return json.loads((SCHEMAS_DIR / "program.schema.json").read_text())


def test_the_schema_is_valid_2020_12_and_versioned():
    doc = schema()
    jsonschema.Draft202012Validator.check_schema(doc)
    assert doc["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert doc["$id"].endswith("/v1.json")
    assert "schema_version" in doc["required"] and doc["properties"]["schema_version"]["const"] == 1


def property_schemas(node, path=()):
    if isinstance(node, dict):
        for name, sub in (node.get("properties") or {}).items():
            yield path + (name,), sub
        for key, sub in node.items():
            if key == "if":  # a discriminator, not a documented property
                continue
            yield from property_schemas(sub, path + (key,))
    elif isinstance(node, list):
        for i, sub in enumerate(node):
            yield from property_schemas(sub, path + (i,))


def test_every_property_of_the_schemas_has_a_description():
    for name in ("program.schema.json", "lifts.schema.json"):
        doc = json.loads((SCHEMAS_DIR / name).read_text())
        defs = doc.get("$defs", {})
        for path, sub in property_schemas(doc):
            target = defs.get(sub.get("$ref", "").rsplit("/", 1)[-1], {}) if "$ref" in sub else {}
            assert sub.get("description") or target.get("description"), f"{name}: {'.'.join(map(str, path))}"


def test_the_lift_catalog():
    lifts = load_lifts()
    for slug in ("squat", "bench-press", "deadlift", "overhead-press", "power-clean", "barbell-row", "chin-up"):
        assert slug in lifts
    assert lifts["squat"].barbell and lifts["squat"].body == "lower" and lifts["bench-press"].body == "upper"
    assert not lifts["chin-up"].barbell and lifts["chin-up"].bodyweight
    assert lifts["front-squat"].parent == "squat" and lifts["sumo-deadlift"].parent == "deadlift"


def test_a_broken_lift_catalog_is_located(tmp_path):
    path = tmp_path / "lifts.yaml"
    path.write_text(
        "schema_version: 1\nlifts:\n  squat: {name: Squat, barbell: yes, body: lower}\n"
        "  x: {name: X, barbell: true, body: lower, parent: nope}\n"
    )
    with pytest.raises(SpecErrors) as caught:
        load_lifts(path)
    assert [(e.line, e.field) for e in caught.value.errors] == [(3, "lifts.squat.barbell")]
    assert DEFAULT_LIFTS_PATH.name == "lifts.yaml"


def test_a_program_rebuilt_from_its_stored_text_has_the_same_version():
    from engine.programs import load_program_text

    program = load_programs()["texas-method"]
    rebuilt = load_program_text(program.text, "program_versions/abc")
    assert rebuilt.version == program.version and rebuilt.workouts == program.workouts
    with pytest.raises(SpecErrors) as caught:
        load_program_text(program.text.replace("after_cycle: repeat", "after_cycle: never"), "program_versions/abc")
    assert caught.value.errors[0].file == "program_versions/abc"
