"""POST /auth/register, /auth/login and /auth/logout."""

from __future__ import annotations

import falcon

from engine import accounts, throttle
from engine.bootstrap import Services

from .. import links
from ..client_address import client_address
from ..openapi import PUBLIC, USER, Link, Route, operation
from ..representations import signed_in_json
from ..schemas import NEW_PASSWORD, PASSWORD, PLAIN_TEXT

TIMESTAMP = {"type": "string", "format": "date-time"}
EMAIL = {"type": "string", "maxLength": 254, "pattern": accounts.EMAIL_PATTERN,
         "description": "must be an email address", "allOf": [PLAIN_TEXT]}
WEIGHT_UNIT = {"type": "string", "enum": list(accounts.WEIGHT_UNITS)}

REGISTERED_LINKS = {
    **links.SIGNED_IN,
    "login": Link("postLogin", request_body={"email": "$request.body#/email", "password": "$request.body#/password"},
                  description="Sign in again with the same credentials"),
}

SCHEMAS = {
    "RegisterRequest": {
        "type": "object",
        "required": ["email", "password"],
        "properties": {
            "email": EMAIL,
            "password": NEW_PASSWORD,
            "weight_unit": {**WEIGHT_UNIT, "default": "lb", "description": "The unit weights are shown in"},
        },
        "additionalProperties": False,
    },
    "LoginRequest": {
        "type": "object",
        "required": ["email", "password"],
        "properties": {"email": {**PLAIN_TEXT, "maxLength": 254},
                       "password": PASSWORD},
        "additionalProperties": False,
    },
    "User": {
        "type": "object",
        "required": ["id", "email", "role", "weight_unit", "display_name", "created_at"],
        "properties": {
            "id": {"type": "string"},
            "email": {"type": "string"},
            "role": {"type": "string", "enum": list(accounts.ROLES)},
            "weight_unit": {**WEIGHT_UNIT, "description": "The unit every weight in an answer is shown in"},
            "display_name": {"type": ["string", "null"], "description": "The name shown for the user (null: none)"},
            "created_at": TIMESTAMP,
        },
        "additionalProperties": False,
    },
    "SignedIn": {
        "type": "object",
        "required": ["user", "token", "token_type", "expires_at"],
        "properties": {
            "user": {"$ref": "#/components/schemas/User"},
            "token": {"type": "string", "description": "Send as `Authorization: Bearer <token>`"},
            "token_type": {"const": "Bearer"},
            "expires_at": TIMESTAMP,
        },
        "additionalProperties": False,
    },
}


class RegisterResource:
    def __init__(self, services: Services) -> None:
        self.services = services
        self.limits = throttle.Limits.from_settings(services.settings)

    @operation(summary="Create an account and sign in", tag="auth", access=PUBLIC,
               request="RegisterRequest", responses={201: "SignedIn"},
               errors=("email_taken", "weak_password", "too_many_attempts"), links=REGISTERED_LINKS,
               description="Registrations are counted per client address: past the limit, 429 "
                           "`too_many_attempts` with `Retry-After` (seconds).")
    def on_post(self, req: falcon.Request, resp: falcon.Response) -> None:
        body = req.context.body
        signed_in = accounts.register(
            self.services.uow(), body["email"], body["password"], weight_unit=body.get("weight_unit", "lb"),
            token_lifetime_seconds=self.services.settings.token_lifetime_seconds,
            gate=self.limits.at(client_address(req, self.services.settings.trusted_proxies)),
        )
        resp.status = falcon.HTTP_201
        resp.media = signed_in_json(signed_in)


class LoginResource:
    def __init__(self, services: Services) -> None:
        self.services = services
        self.limits = throttle.Limits.from_settings(services.settings)

    @operation(summary="Sign in with email and password", tag="auth", access=PUBLIC,
               request="LoginRequest", responses={200: "SignedIn"},
               errors=("invalid_credentials", "account_disabled", "too_many_attempts"),
               links=links.SIGNED_IN,
               description="Failed logins are counted per account and per client address: past either "
                           "limit, 429 `too_many_attempts` with `Retry-After` (seconds), without checking "
                           "the password. A successful login clears the account's count. A disabled account (`powerpro "
                           "users disable`) is 403 `account_disabled`, told only for the right password.")
    def on_post(self, req: falcon.Request, resp: falcon.Response) -> None:
        body = req.context.body
        signed_in = accounts.login(self.services.uow(), body["email"], body["password"],
                                   token_lifetime_seconds=self.services.settings.token_lifetime_seconds,
                                   gate=self.limits.at(client_address(req, self.services.settings.trusted_proxies)))
        resp.media = signed_in_json(signed_in)


class LogoutResource:
    def __init__(self, services: Services) -> None:
        self.services = services

    @operation(summary="Revoke the bearer token sent with this request", tag="auth", access=USER,
               responses={204: None})
    def on_post(self, req: falcon.Request, resp: falcon.Response) -> None:
        accounts.logout(self.services.uow(), req.context.token)
        resp.status = falcon.HTTP_204


def routes(services: Services) -> list[Route]:
    return [
        Route("/auth/register", RegisterResource(services)),
        Route("/auth/login", LoginResource(services)),
        Route("/auth/logout", LogoutResource(services)),
    ]
