"""The documented deployment, brought up for real: nginx in front of two `powerpro serve`
instances started at the same instant on one fresh PostgreSQL database; lifters train through
it, alternating between the app servers; one instance is reloaded with a changed program file
while traffic flows, and no request fails."""

from __future__ import annotations

import pytest

from deploy.local import Topology
from deploy.scenario import reload_under_traffic, smoke
from tests.conftest import new_database


@pytest.fixture
def topology(backend, tmp_path_factory):
    topology = Topology(new_database(backend, "topology", tmp_path_factory), instances=2)
    try:
        topology.up()
        yield topology
    finally:
        topology.down()


@pytest.mark.parametrize("backend", [pytest.param("postgres", marks=pytest.mark.postgres)])
def test_lifters_train_through_nginx_and_a_reload_under_traffic_fails_nothing(topology):
    assert len(topology.upstreams_seen()) == 2
    assert smoke(topology).startswith("smoke: 4 lifters")
    report = reload_under_traffic(topology)
    assert "none failed" in report
    assert topology.nginx.poll() is None and all(s.process.poll() is None for s in topology.servers)
