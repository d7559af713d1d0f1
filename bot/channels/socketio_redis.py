"""Rasa's socket.io channel with its clients kept in Redis, for more than one replica.

Rasa 3.6's `SocketIOInput` builds its `AsyncServer` with python-socketio's in-memory
client manager: an emit to a room (the conversation's session id) reaches only sockets
held by the same process. Behind a load balancer, a staff reply posted to replica B for
a browser connected to replica A would be lost. With `AsyncRedisManager` every emit is
published on a Redis channel and each replica delivers it to the sockets it holds.

Configured in `bot/credentials.cluster.yml`:

    bot.channels.socketio_redis.RedisSocketIOInput:
      session_persistence: true
      redis_url: redis://127.0.0.1:6379/0
      redis_channel: socketio     # one channel per cluster sharing a Redis

The channel keeps Rasa's name (`socketio`), so a conversation's latest input channel
still finds it (`output_channel=latest` in Rasa's HTTP API).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.channels.socketio import SocketIOInput
from sanic import Blueprint
from socketio import AsyncRedisManager

logger = logging.getLogger(__name__)


class RedisSocketIOInput(SocketIOInput):
    """`SocketIOInput` whose socket.io server shares its rooms through Redis."""

    def __init__(self, *args: Any, redis_url: str = "redis://127.0.0.1:6379/0",
                 redis_channel: str = "socketio", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.redis_url = redis_url
        self.redis_channel = redis_channel

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        credentials = credentials or {}
        channel = SocketIOInput.from_credentials.__func__(cls, credentials)  # type: ignore[attr-defined]
        channel.redis_url = str(credentials.get("redis_url") or channel.redis_url)
        channel.redis_channel = str(credentials.get("redis_channel") or channel.redis_channel)
        return channel

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = super().blueprint(on_new_message)
        sio = self.sio
        assert sio is not None
        # The server is new and has not initialised its manager yet (that happens at the
        # first connection), so the manager can still be replaced here.
        manager = AsyncRedisManager(self.redis_url, channel=self.redis_channel)
        manager.set_server(sio)
        sio.manager = manager
        logger.info("socket.io clients shared through Redis channel %r", self.redis_channel)
        return webhook


__all__ = ["RedisSocketIOInput"]
