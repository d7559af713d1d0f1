from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.e2e.cluster import clusterctl
from tests.e2e.cluster.private_services import PrivatePostgres, PrivateRedis


@pytest.fixture(scope="session")
def private_services() -> Iterator[tuple[PrivateRedis, PrivatePostgres]]:
    """The tests' own Redis and PostgreSQL (never the machine's), for the session."""
    logs = clusterctl.RUN_DIR / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    redis = PrivateRedis(clusterctl.REDIS_PORT, logs / "redis.log")
    postgres = PrivatePostgres(clusterctl.PG_PORT, logs / "postgres.log")
    try:
        redis.start()
        postgres.init_and_start()
        yield redis, postgres
    finally:
        redis.stop()
        postgres.remove()


@pytest.fixture(scope="session")
def running_cluster(private_services: tuple[PrivateRedis, PrivatePostgres]) -> Iterator[None]:
    """The cluster, started once for the session on the private Redis and PostgreSQL."""
    try:
        clusterctl.cluster("up")
        yield
    finally:
        clusterctl.cluster("down")
