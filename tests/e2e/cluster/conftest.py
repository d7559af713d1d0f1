from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.e2e.cluster import clusterctl


@pytest.fixture(scope="session")
def running_cluster() -> Iterator[None]:
    """The cluster, started once for the session and stopped after it."""
    clusterctl.cluster("up")
    try:
        yield
    finally:
        clusterctl.cluster("down")
