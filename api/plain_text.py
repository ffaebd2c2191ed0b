"""The one rule for every string a request carries: no control characters, no lone surrogates.

PostgreSQL cannot store a NUL; a lone surrogate (JSON ``"\\ud800"``) cannot be encoded as
UTF-8, so it can be neither stored nor sent back; other control characters (C0, DEL, C1)
have no place in an email, a password, a slug or an id. None of the API's request fields is
free text, so none allows a tab or a newline either. The rule is checked once, for every
string of the body (object keys too), the query and the path, by ``api.validation``; the
OpenAPI document states it as ``PLAIN_TEXT_PATTERN`` on the string inputs.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

# Written with escapes, never the characters themselves: the document must stay valid UTF-8.
_CONTROL_CLASS = r"\x00-\x1f\x7f-\x9f"
_FORBIDDEN_CLASS = _CONTROL_CLASS + r"\ud800-\udfff"
# The published pattern leaves surrogates out: a surrogate range is no regex to ECMA-262 with
# the u flag, nor to Rust's (schemathesis' validator ignored the whole pattern). Sent JSON
# cannot carry a lone surrogate as UTF-8 anyway; as a \ud800 escape it is still refused here.
PLAIN_TEXT_PATTERN = rf"^[^{_CONTROL_CLASS}]*$"
_FORBIDDEN = re.compile(rf"[{_FORBIDDEN_CLASS}]")
# In JSON text a forbidden character can only be written as an escape (raw C0 controls are
# invalid JSON, raw surrogates invalid UTF-8) or as a raw DEL/C1 character.
_FORBIDDEN_IN_JSON = re.compile(r"\\(?:[bfnrt]|u(?:00[01]|007f|00[89]|d[89a-f]))|[\x7f-\x9f]", re.IGNORECASE)

Path = tuple[str | int, ...]


def text_problem(value: str) -> str | None:
    """Why ``value`` is refused, or None. Names the character and where, never echoes the value."""
    found = _FORBIDDEN.search(value)
    if found is None:
        return None
    char = found.group()
    kind = "an unpaired surrogate" if "\ud800" <= char <= "\udfff" else "a control character"
    return f"must not contain {kind} (U+{ord(char):04X} at index {found.start()})"


def may_break_rule(json_text: str) -> bool:
    """False when no string parsed from ``json_text`` can break the rule: the walk is then skipped."""
    return _FORBIDDEN_IN_JSON.search(json_text) is not None


def text_problems(value: Any, path: Path = ()) -> Iterator[tuple[Path, str]]:
    """(path, message) for every string in a parsed JSON value, object keys included, that breaks the rule."""
    if isinstance(value, str):
        problem = text_problem(value)
        if problem:
            yield path, problem
    elif isinstance(value, dict):
        for key, item in value.items():
            problem = text_problem(key)
            if problem:
                yield (*path, key), "the name " + problem
            yield from text_problems(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from text_problems(item, (*path, index))
