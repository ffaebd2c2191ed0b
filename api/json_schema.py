"""The JSON Schema validator the API checks requests with: Draft 2020-12, exact with Decimals.

Request bodies are parsed into ints and Decimals (``api.json_body``), never floats. Two
keywords need to know that: ``integer`` holds for an integral Decimal too (a ``1e30`` is an
integer, then refused by its ``maximum``), and ``multipleOf`` is decided exactly, so
``1999.9999`` is not a multiple of ``0.001`` although float division says it nearly is.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import jsonschema_rs
from jsonschema import Draft202012Validator, ValidationError, validators


def _is_integer(checker, instance) -> bool:
    if isinstance(instance, Decimal):
        return instance.is_finite() and instance == instance.to_integral_value()
    return Draft202012Validator.TYPE_CHECKER.is_type(instance, "integer")


def _exact_multiple_of(validator, step, instance, schema):
    if not validator.is_type(instance, "number"):
        return
    try:
        # str(): a float bound such as 0.001 means the decimal 0.001, not its binary neighbour.
        remainder = Decimal(str(instance)) % Decimal(str(step))
    except ArithmeticError:  # a quotient too large to be exact: far outside every bound anyway
        remainder = None
    if remainder != 0:
        yield ValidationError(f"must be a multiple of {step}")


ApiValidator = validators.extend(
    Draft202012Validator,
    validators={"multipleOf": _exact_multiple_of},
    type_checker=Draft202012Validator.TYPE_CHECKER.redefine("integer", _is_integer),
)


def check_schema(schema: dict[str, Any]) -> None:
    """Raise jsonschema's SchemaError if ``schema`` is not a valid Draft 2020-12 schema.

    jsonschema_rs checks it against the metaschema in microseconds; jsonschema's own check
    (a few milliseconds each, a seventh of the server's start-up for the API's schemas) runs
    only to word the error of a schema the fast check refused."""
    try:
        valid = jsonschema_rs.meta.is_valid(schema)
    except (jsonschema_rs.ReferencingError, ValueError):  # a $schema it does not know: ask jsonschema
        valid = False
    if not valid:
        Draft202012Validator.check_schema(schema)
