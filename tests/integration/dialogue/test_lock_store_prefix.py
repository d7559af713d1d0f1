"""The cluster's lock store keeps to the Redis key prefix it is given (bot/lock_store.py)."""

from __future__ import annotations

import pytest

pytest.importorskip("rasa")

from bot.lock_store import AtomicRedisLockStore  # noqa: E402


@pytest.mark.parametrize(("prefix", "keys"), [
    ("clustertest", "clustertest:lock:"),  # Rasa's own rule for an alphanumeric prefix
    ("benchc.", "benchc.lock:"),           # a namespace ending in a separator: as given
    ("bench-c", "bench-c:lock:"),
    ("no spaces", "lock:"),                # not a usable prefix: Rasa's default
])
def test_key_prefix(prefix: str, keys: str) -> None:
    # redis-py connects lazily: no Redis is needed to build the store.
    store = AtomicRedisLockStore(host="127.0.0.1", port=1, key_prefix=prefix)
    assert store.key_prefix == keys
