"""The signed-in lifter's own account: GET/PATCH/DELETE /users/me, POST /users/me/password and
POST /auth/logout-all."""

from __future__ import annotations

import falcon

from engine import account_changes, throttle
from engine.bootstrap import Services
from engine.commands import KEEP, UpdateAccount

from ..auth import current_user
from ..client_address import client_address
from ..commands import execute
from ..openapi import Route, operation
from ..representations import user_json
from ..schemas import NEW_PASSWORD, PASSWORD, PLAIN_TEXT, UNIT

DISPLAY_NAME_MAX = 64
_CONFIRM_ERRORS = ("wrong_password", "too_many_attempts")

SCHEMAS = {
    "AccountUpdate": {
        "type": "object",
        "minProperties": 1,
        "properties": {
            "weight_unit": {**UNIT, "description": "Every weight in every answer is then shown in this unit, "
                                                   "converted; stored weights are untouched"},
            "display_name": {"oneOf": [{**PLAIN_TEXT, "minLength": 1, "maxLength": DISPLAY_NAME_MAX}, {"type": "null"}],
                             "description": "The name shown for the user; null removes it"},
        },
        "additionalProperties": False,
    },
    "PasswordChange": {
        "type": "object",
        "required": ["current_password", "new_password"],
        "properties": {
            "current_password": PASSWORD,
            "new_password": NEW_PASSWORD,
        },
        "additionalProperties": False,
    },
    "AccountDeletion": {
        "type": "object",
        "required": ["password"],
        "properties": {"password": {**PASSWORD, "description": "The account's password, to confirm"}},
        "additionalProperties": False,
    },
}


class MeResource:
    def __init__(self, services: Services) -> None:
        self.services = services
        self.limits = throttle.Limits.from_settings(services.settings)

    @operation(summary="Your account", tag="account", responses={200: "User"})
    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        resp.media = user_json(current_user(req))

    @operation(summary="Change your weight unit or display name", tag="account", request="AccountUpdate",
               responses={200: "User"}, errors=("workout_already_in_progress",),
               description="Members left out stay as they are. After a unit change every weight in every "
                           "answer is in the new unit (converted exactly, to three decimals; loads prescribed "
                           "from then on are rounded to that unit's plates); nothing stored is converted. "
                           "Refused (409 `workout_already_in_progress`) while a workout is in progress.")
    def on_patch(self, req: falcon.Request, resp: falcon.Response) -> None:
        user_id = current_user(req).id
        body = req.context.body
        command = UpdateAccount(user_id, weight_unit=body.get("weight_unit", KEEP),
                                display_name=body.get("display_name", KEEP))
        resp.media = user_json(execute(self.services, user_id, command).answer["account"])

    @operation(summary="Delete your account and everything it holds", tag="account", request="AccountDeletion",
               responses={204: None}, errors=_CONFIRM_ERRORS,
               description="Erases the account and every row of it (enrollments, workouts, sets, logs, maxes, "
                           "tokens), after checking the password as a login does: a wrong one counts toward "
                           "the login throttle. Take GET /users/me/export first to keep a copy.")
    def on_delete(self, req: falcon.Request, resp: falcon.Response) -> None:
        account_changes.delete_account(self.services.uow(), current_user(req).id, req.context.body["password"],
                                       gate=self._gate(req))
        resp.status = falcon.HTTP_204

    @operation(summary="Change your password", tag="account", request="PasswordChange", responses={204: None},
               errors=(*_CONFIRM_ERRORS, "weak_password"),
               description="Signs out every other session: every token but the one sent with this request is "
                           "revoked (that one stays valid). A wrong current password counts toward the login "
                           "throttle.")
    def on_post_password(self, req: falcon.Request, resp: falcon.Response) -> None:
        body = req.context.body
        account_changes.change_password(self.services.uow(), current_user(req).id, body["current_password"],
                                        body["new_password"], keep_token=req.context.token, gate=self._gate(req))
        resp.status = falcon.HTTP_204

    def _gate(self, req: falcon.Request) -> throttle.Gate:
        return self.limits.at(client_address(req, self.services.settings.trusted_proxies))


class LogoutAllResource:
    def __init__(self, services: Services) -> None:
        self.services = services

    @operation(summary="Sign out everywhere: revoke every token of yours", tag="auth", responses={204: None},
               description="The token sent with this request is revoked too.")
    def on_post(self, req: falcon.Request, resp: falcon.Response) -> None:
        account_changes.logout_all(self.services.uow(), current_user(req).id)
        resp.status = falcon.HTTP_204


def routes(services: Services) -> list[Route]:
    me = MeResource(services)
    return [
        Route("/users/me", me),
        Route("/users/me/password", me, suffix="password"),
        Route("/auth/logout-all", LogoutAllResource(services)),
    ]
