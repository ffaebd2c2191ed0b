"""Bearer-token authentication and the access rules every operation declares.

``Authentication`` runs before request validation, so an anonymous caller learns nothing
about a protected endpoint's input. It enforces the operation's declared ``access``:
PUBLIC, USER (any signed-in user), OWNER (the ``{user_id}`` of the path, or an admin) or
ADMIN. Resources that find the owner only after a lookup call ``require_owner`` themselves.

Each request gets one read transaction, ``req.context.reads`` (``Services.reads()``, opened
at first use): the token lookup runs in it and a read endpoint's query then runs in the same
transaction, so a GET is one transaction (deferred on SQLite). A request that writes has it
authenticated by one statement run alone (no transaction of its own to begin and end): its
command runs in a unit of work of its own. The response hook closes the read transaction.

A hot read does better: its resource names, in ``signed_in_reads`` by route, an engine query
that finds the token's owner and what the read answers in one statement
(``engine/queries/stored.py``). Its row is ``req.context.found``, and the request sends no
other statement unless something must be rendered from rows.
"""

from __future__ import annotations

import falcon

from engine import accounts
from engine.accounts import Account
from engine.bootstrap import Services

from .errors import HttpProblem
from .openapi import ADMIN, OWNER, OWNER_PARAM, PUBLIC, ApiSpec
from .plain_text import text_problem

_REALM = 'Bearer realm="powerpro"'


READ_METHODS = frozenset({"GET", "HEAD"})


class Authentication:
    """Sets ``req.context.user`` (an Account or None), ``req.context.token`` and ``req.context.reads``."""

    def __init__(self, services: Services, spec: ApiSpec) -> None:
        self.services = services
        self.spec = spec

    def process_resource(self, req: falcon.Request, resp, resource, params) -> None:
        req.context.user = None
        req.context.token = None
        req.context.found = None
        req.context.reads = self.services.reads()
        op = self.spec.operation_for(req.uri_template, req.method)
        if op is None or op.access == PUBLIC:
            return
        req.context.token = bearer_token(req)
        signed_in_read = getattr(resource, "signed_in_reads", {}).get(req.uri_template)
        if signed_in_read is not None and req.method in READ_METHODS and _plain(params):
            req.context.user, req.context.found = signed_in_read(req.context.reads, req.context.token, params)
        elif req.method in READ_METHODS:
            req.context.user = accounts.authenticate(req.context.reads, req.context.token)
        else:  # a write: its command runs in a unit of work of its own
            req.context.user = accounts.authenticate_alone(req.context.reads, req.context.token)
        if req.context.user is None:
            raise unauthenticated(
                "The bearer token is unknown, revoked or expired. Log in again with POST /auth/login.",
                invalid_token=True,
            )
        if op.access == OWNER:
            require_owner(req, params[OWNER_PARAM])
        elif op.access == ADMIN:
            require_admin(req)

    def process_response(self, req: falcon.Request, resp, resource, req_succeeded: bool) -> None:
        reads = getattr(req.context, "reads", None)
        if reads is not None:
            reads.close()


def _plain(params: dict) -> bool:
    """Path values fit for a query: others are refused by validation (422), never sent to the database."""
    return not any(isinstance(value, str) and text_problem(value) for value in params.values())


def bearer_token(req: falcon.Request) -> str:
    scheme, _, token = (req.get_header("Authorization") or "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise unauthenticated(
            "Send 'Authorization: Bearer <token>' with the token from POST /auth/login or POST /auth/register."
        )
    return token.strip()


def current_user(req: falcon.Request) -> Account:
    user = getattr(req.context, "user", None)
    if user is None:
        raise unauthenticated("Sign in first: POST /auth/login, then send 'Authorization: Bearer <token>'.")
    return user


def require_owner(req: falcon.Request, user_id: str) -> Account:
    """The signed-in user, provided they are ``user_id`` or an admin; 403 otherwise."""
    user = current_user(req)
    if user.id != user_id and not user.is_admin:
        raise HttpProblem(
            "forbidden",
            f"You can reach only your own resources, under /users/{user.id}/.",
            extensions={"user_id": user.id},
        )
    return user


def require_admin(req: falcon.Request) -> Account:
    user = current_user(req)
    if not user.is_admin:
        raise HttpProblem("forbidden", "Only an admin may do this.", extensions={"user_id": user.id})
    return user


def unauthenticated(detail: str, invalid_token: bool = False) -> HttpProblem:
    challenge = _REALM + (', error="invalid_token"' if invalid_token else "")
    return HttpProblem("unauthenticated", detail, headers={"WWW-Authenticate": challenge})
