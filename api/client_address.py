"""Which client a request came from: the TCP peer, or, when that peer is a reverse proxy the
operator trusts (``POWERPRO_TRUSTED_PROXIES``), the address the proxy says it forwarded for.

Any client can send ``X-Forwarded-For``, so it is read only from a trusted peer, and from the
right: each trusted proxy appends the address it received from, so the first address from the
right that is not a trusted proxy is the client as the nearest trusted hop saw it.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Collection

import falcon


def client_address(req: falcon.Request, trusted_proxies: Collection[str]) -> str:
    peer = req.remote_addr
    if peer not in trusted_proxies:
        return peer
    hops = [hop.strip() for hop in (req.get_header("X-Forwarded-For") or "").split(",") if hop.strip()]
    for hop in reversed(hops):
        if hop in trusted_proxies:
            continue
        return hop if _is_address(hop) else peer
    return peer


def _is_address(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True
