"""A staff reply posted to one replica reaches a web-chat socket held by the other
(bot/channels/socketio_redis.py: the socket.io client manager is on Redis)."""

from __future__ import annotations

import json
import os
import subprocess

import pytest

from tests.e2e.cluster.clusterctl import RASA_A, RASA_B, ROOT

pytestmark = pytest.mark.usefixtures("running_cluster")


def test_a_reply_emitted_on_replica_b_reaches_a_socket_held_by_replica_a() -> None:
    token = os.environ.get("RASA_API_TOKEN", "dev-rasa-token-change-me")
    out = subprocess.run(
        [str(ROOT / ".venv-rasa/bin/python"), "tests/e2e/cluster/socketio_probe.py", RASA_A, RASA_B,
         token],
        cwd=ROOT, capture_output=True, text=True, timeout=90, check=True,
    )
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["greeting"], result  # the socket works on its own replica
    assert result["status"] == 200, result
    assert result["after_staff_reply"] == [result["staff_text"]], result
