"""What a new password must not be: too short or long, only whitespace, the account's own
email (or its name part), or one of the most common passwords.

Each rule is a row of ``RULES``; the first one a password breaks is reported with its stable
``reason`` (the problem's ``password_rule``), so a client can say why without parsing the
message. Checked for every new password (registration, ``powerpro users create-admin``),
before anything is hashed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .errors import DomainError

MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_LENGTH = 256
# Django's list (see engine/data/README.md): lowercased, most common first.
COMMON_PASSWORDS_FILE = Path(__file__).resolve().parent / "data" / "common-passwords.txt"


class WeakPassword(DomainError):
    code = "weak_password"


@dataclass(frozen=True)
class Rule:
    reason: str
    breaks: Callable[[str, str], bool]  # (password, normalised email) -> True when refused
    message: str


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    with COMMON_PASSWORDS_FILE.open(encoding="utf-8") as lines:
        return frozenset(line.rstrip("\n") for line in lines if line.strip())


def _wrong_length(password: str, _email: str) -> bool:
    return not MIN_PASSWORD_LENGTH <= len(password) <= MAX_PASSWORD_LENGTH


def _is_email(password: str, email: str) -> bool:
    candidate = password.strip().casefold()
    local_part = email.partition("@")[0]
    return bool(email) and candidate in (email.casefold(), local_part.casefold())


def _is_common(password: str, _email: str) -> bool:
    # Compared as Django's validator compares: trimmed and lowercased, like the list itself.
    return password.strip().lower() in common_passwords()


RULES: tuple[Rule, ...] = (
    Rule("length", _wrong_length,
         f"The password must be {MIN_PASSWORD_LENGTH} to {MAX_PASSWORD_LENGTH} characters long."),
    Rule("whitespace", lambda password, _email: password.isspace(),
         "The password must not be only spaces or other whitespace."),
    Rule("email", _is_email, "The password must not be your email address or the part before the @."),
    Rule("common", _is_common,
         "This password is on the list of the most common passwords, which attackers try first. Choose another."),
)
REASONS = tuple(rule.reason for rule in RULES)


def check_password(password: str, email: str = "") -> None:
    """Raise ``WeakPassword`` naming the first rule ``password`` breaks for the account ``email``."""
    for rule in RULES:
        if rule.breaks(password, email):
            raise WeakPassword(rule.message, {
                "password_rule": rule.reason,
                "invalid_fields": [{"path": "$.password", "message": rule.message}],
            })
