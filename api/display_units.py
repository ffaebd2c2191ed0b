"""Every weight a signed-in user is answered with is in their unit (``PATCH /users/me``).

One hook for every answer, so no responder can forget it: the engine's ``in_unit`` converts
each weight that sits beside a ``unit`` other than the user's (``engine/queries/display.py``).
A resource whose answer must keep the stored units (the export, which is re-imported row by
row) sets ``shows_stored_units = True``. An admin reading another user's resources sees them
in the admin's own unit.

An answer already in one unit (the stored answers and the commands' answers are in their
owner's: ``engine/handlers/stored_state.py``) says so with ``shown_in(resp, unit)``; it is sent
as it is to a reader of that unit, without the walk.
"""

from __future__ import annotations

import falcon

from engine.queries.display import in_unit

SHOWN_IN = "weights_shown_in"


def shown_in(resp: falcon.Response, unit: str | None) -> None:
    """Every weight of ``resp.media`` is in ``unit`` already (None: in the units they were stored in)."""
    setattr(resp.context, SHOWN_IN, unit)


class WeightsInUserUnit:
    def process_response(self, req: falcon.Request, resp: falcon.Response, resource, req_succeeded: bool) -> None:
        user = getattr(req.context, "user", None)
        if user is None or getattr(resource, "shows_stored_units", False):
            return
        if getattr(resp.context, SHOWN_IN, None) == user.weight_unit:
            return
        media = resp.media
        if isinstance(media, dict | list):
            resp.media = in_unit(media, user.weight_unit)
