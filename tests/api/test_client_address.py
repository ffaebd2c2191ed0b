"""The client a request came from: X-Forwarded-For counts only from a trusted proxy, read from the right."""

from __future__ import annotations

import pytest
from falcon import testing

from api.client_address import client_address

PROXY, EDGE = "10.0.0.5", "10.0.0.6"


@pytest.mark.parametrize("peer, forwarded, trusted, expected", [
    ("203.0.113.7", "198.51.100.1", (), "203.0.113.7"),  # no trusted proxy: the header is anyone's
    ("203.0.113.7", "198.51.100.1", (PROXY,), "203.0.113.7"),  # the peer is not the proxy
    (PROXY, "198.51.100.1", (PROXY,), "198.51.100.1"),
    (PROXY, "6.6.6.6, 198.51.100.1", (PROXY,), "198.51.100.1"),  # a client-forged left part is skipped
    (PROXY, f"198.51.100.1, {EDGE}", (PROXY, EDGE), "198.51.100.1"),  # two trusted hops
    (PROXY, "", (PROXY,), PROXY),
    (PROXY, "not-an-address", (PROXY,), PROXY),
])
def test_the_client_address(peer, forwarded, trusted, expected):
    headers = {"X-Forwarded-For": forwarded} if forwarded else {}
    req = testing.create_req(remote_addr=peer, headers=headers)
    assert client_address(req, frozenset(trusted)) == expected
