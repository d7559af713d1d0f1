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

While Redis is down (`ResilientRedisManager`), an emit that cannot go through Redis is
delivered to the sockets this process holds, so a person still reads the reply to their
own message (the socket that sent it is on this replica); an emit meant for a socket on
another replica would be lost until Redis returns (staff replies, the only such emits,
are refused then anyway: posting one takes the conversation's lock, in Redis). The
listener resubscribes every second instead of python-socketio's doubling wait (up to 60
s), during which this replica's own replies would go unheard.
"""

from __future__ import annotations

import asyncio
import logging
import pickle
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.channels.socketio import SocketIOInput
from redis.exceptions import RedisError
from sanic import Blueprint
from socketio import AsyncRedisManager

logger = logging.getLogger(__name__)


class ResilientRedisManager(AsyncRedisManager):  # type: ignore[misc]
    """`AsyncRedisManager` that keeps serving this process's sockets while Redis is down."""

    RESUBSCRIBE_SECONDS = 1.0

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.subscribed = False  # this process's listener is on the Redis channel
        self._publish_failing = False

    async def _publish(self, data: dict[str, Any]) -> Any:
        try:
            receivers = await self.redis.publish(self.channel, pickle.dumps(data))
            if self._publish_failing:
                logger.warning("socket.io: publishing through Redis works again.")
                self._publish_failing = False
        except RedisError as error:
            if not self._publish_failing:
                logger.error("socket.io: cannot publish through Redis (%s); emitting to this "
                             "process's sockets only until it is back.", error)
                self._publish_failing = True
            receivers = None
        if not (self.subscribed and receivers):
            # Nobody, not even this process, will hear it through Redis.
            await self._deliver_here(data)
        return receivers

    async def _deliver_here(self, data: dict[str, Any]) -> None:
        method = data.get("method")
        if method == "emit":
            await self._handle_emit(data)
        elif method == "disconnect":
            await self._handle_disconnect(data)
        elif method == "close_room":
            await self._handle_close_room(data)

    async def _redis_listen_with_retries(self) -> AsyncIterator[Any]:
        """python-socketio's loop, subscribing inside it and retrying every second."""
        first = True
        while True:
            try:
                if not first:
                    self._redis_connect()
                first = False
                await self.pubsub.subscribe(self.channel)
                if not self.subscribed:
                    logger.info("socket.io: listening on Redis channel %r.", self.channel)
                self.subscribed = True
                async for message in self.pubsub.listen():
                    yield message
            except RedisError as error:
                if self.subscribed:
                    logger.error("socket.io: Redis channel lost (%s); resubscribing every "
                                 "%g s.", error, self.RESUBSCRIBE_SECONDS)
                self.subscribed = False
                await asyncio.sleep(self.RESUBSCRIBE_SECONDS)

    async def _listen(self) -> AsyncIterator[Any]:
        channel = self.channel.encode("utf-8")
        async for message in self._redis_listen_with_retries():
            if (message["channel"] == channel and message["type"] == "message"
                    and "data" in message):
                yield message["data"]


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
        manager = ResilientRedisManager(self.redis_url, channel=self.redis_channel)
        manager.set_server(sio)
        sio.manager = manager
        logger.info("socket.io clients shared through Redis channel %r", self.redis_channel)
        return webhook


__all__ = ["RedisSocketIOInput", "ResilientRedisManager"]
