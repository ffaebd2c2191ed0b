"""The JSON Schema validator the API checks requests with: Draft 2020-12, exact with Decimals.

Request bodies are parsed into ints and Decimals (``api.json_body``), never floats. Two
keywords need to know that: ``integer`` holds for an integral Decimal too (a ``1e30`` is an
integer, then refused by its ``maximum``), and ``multipleOf`` is decided exactly, so
``1999.9999`` is not a multiple of ``0.001`` although float division says it nearly is.
"""

from __future__ import annotations

from collections.abc import Callable
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


_RUST_REFUSES = (ValueError, TypeError, OverflowError)  # what it cannot convert (a lone surrogate)


def quick_check(schema: dict[str, Any]) -> Callable[[Any], bool]:
    """A check that is True of an instance only when ``ApiValidator(schema)`` finds no error in it.

    jsonschema walks a request body in tens of microseconds, a hundred or more in a busy
    worker; jsonschema_rs answers whether it is valid in one. Only jsonschema words the
    errors, so it still runs whenever this check is False. jsonschema_rs decides the keywords
    alike, or more strictly (its ``$`` ends the string, Python's also allows a final newline;
    it asserts formats); the two differences the API added to jsonschema (an integral Decimal
    is an integer, multipleOf is exact) concern Decimals only, and an instance holding one is
    left to jsonschema. ``schema`` must be a whole document (its ``$ref``s resolve within it)."""
    fast = jsonschema_rs.Draft202012Validator(schema, validate_formats=True)

    def passes(instance: Any) -> bool:
        if not _without_decimals(instance):
            return False
        try:
            return fast.is_valid(instance)
        except _RUST_REFUSES:
            return False

    return passes


def _without_decimals(value: Any) -> bool:
    if isinstance(value, dict):
        return all(map(_without_decimals, value.values()))
    if isinstance(value, list):
        return all(map(_without_decimals, value))
    return not isinstance(value, Decimal)
