"""A request body passes the quick check (jsonschema_rs) only when jsonschema finds no error in it:
the quick check decides whether jsonschema is asked for errors, so every 422 stays jsonschema's."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings, strategies as st

from api.app import RESOURCE_MODULES
from api.openapi import ApiSpec

SPEC = ApiSpec("test", "1")
for module in RESOURCE_MODULES:
    SPEC.add_schemas(getattr(module, "SCHEMAS", {}))
# Every declared request body: the responders' @operation(request=...).
RESOURCES = [value for module in RESOURCE_MODULES for value in vars(module).values() if isinstance(value, type)]
DECLARED = [getattr(value, "__operation__", None) for resource in RESOURCES for value in vars(resource).values()]
REQUEST_SCHEMAS = sorted({declared.request for declared in DECLARED if getattr(declared, "request", None)})

NAMES = sorted({name for schema in REQUEST_SCHEMAS for name in SPEC.schemas[schema].get("properties", {})}
               | {"unknown", "lb", "kg", "weight", "count", "squat.work"})
EDGES = [0, 1, -1, 3, 5, 10, 100, 1000, 1001, 1999, 2000, 2147483647, 2147483648, 10**17, True, False, None]
TEXT = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["", "a@b.c", "a@b.c\n", "a @b.c", "a@b", "starting-strength", "5x5\n", "-x", "A", "lb", "kg",
                     "x" * 1001, "\u2028", "a\ud800", "2026-12-01", "note\x85", "\u00a0"]),
)
LEAVES = st.one_of(st.sampled_from(EDGES), st.integers(-3000, 3000), TEXT,
                   st.decimals(min_value=-3000, max_value=3000, allow_nan=False, places=4),
                   st.sampled_from([Decimal("102.5"), Decimal("1999.9999"), Decimal("5"), Decimal("1e30")]))
VALUES = st.recursive(LEAVES, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                      st.dictionaries(st.sampled_from(NAMES), inner, max_size=4)),
                      max_leaves=8)


def near(schema: dict) -> st.SearchStrategy:
    """Values close to what ``schema`` accepts (its bounds, its kind), now and then anything at all."""
    if "$ref" in schema:
        return near(SPEC.schemas[schema["$ref"].rsplit("/", 1)[-1]])
    kind = schema.get("type")
    bounds = [schema[k] + d for k in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum") if k in schema
              for d in (-1, 0, 1)]
    if kind == "object":
        guess = objects(schema)
    elif kind == "array":
        guess = st.lists(near(schema.get("items", {})), max_size=3)
    elif kind in ("integer", "number"):
        guess = st.one_of(st.sampled_from(bounds or EDGES), LEAVES)
    elif "enum" in schema:
        guess = st.sampled_from(schema["enum"])
    else:
        guess = TEXT
    return st.one_of(guess, guess, guess, VALUES)


def objects(schema: dict) -> st.SearchStrategy:
    properties = schema.get("properties", {})
    required = [name for name in schema.get("required", []) if name in properties]
    optional = [name for name in properties if name not in required]
    return st.fixed_dictionaries({name: near(properties[name]) for name in required},
                                 optional={name: near(properties[name]) for name in optional})


@st.composite
def requests(draw) -> tuple[str, dict]:
    schema = draw(st.sampled_from(REQUEST_SCHEMAS))
    return schema, draw(st.one_of(near(SPEC.schemas[schema]), st.dictionaries(st.sampled_from(NAMES), VALUES)))


@settings(max_examples=300, deadline=None)
@given(request=requests())
def test_a_body_passes_the_quick_check_only_when_jsonschema_finds_no_error(request):
    schema, body = request
    if SPEC.quick_check(schema)(body):
        assert list(SPEC.validator(schema).iter_errors(body)) == []


def test_the_usual_bodies_pass_the_quick_check():
    check = SPEC.quick_check("LogSetRequest")
    assert check({"set_index": 3, "reps": 5}) and check({"set_index": 0, "reps": 5, "weight": 100, "note": "ok"})
    # Left to jsonschema: a Decimal (its exact multipleOf), a string Rust cannot take, an invalid body.
    assert not check({"set_index": 3, "reps": 5, "weight": Decimal("102.5")})
    assert not check({"set_index": 3, "reps": 5, "note": "a\ud800"})
    assert not check({"set_index": 3})
