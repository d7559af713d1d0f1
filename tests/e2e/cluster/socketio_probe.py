"""Run by test_socketio_across_replicas.py under .venv-rasa (python-socketio's client).

    .venv-rasa/bin/python tests/e2e/cluster/socketio_probe.py SOCKET_URL API_URL TOKEN

Connects a web-chat socket to SOCKET_URL (one replica), says hello, then posts a staff
reply for the same conversation to API_URL (the other replica) the way the console
does, and prints what the socket received as JSON. The socket uses the long-polling
transport: the Rasa env's aiohttp is older than what the client's WebSocket transport needs.
"""

from __future__ import annotations

import asyncio
import json
import sys
import uuid

import aiohttp
import socketio


async def main(socket_url: str, api_url: str, token: str) -> None:
    session_id = f"cluster-sio-{uuid.uuid4().hex[:8]}"
    received: list[str] = []
    got = asyncio.Event()
    sio = socketio.AsyncClient()

    @sio.on("bot_uttered")
    async def on_bot(data: dict) -> None:
        received.append(data.get("text") or "")
        got.set()

    await sio.connect(socket_url, transports=["polling"], socketio_path="/socket.io")
    await sio.emit("session_request", {"session_id": session_id})
    await asyncio.sleep(0.5)
    await sio.emit("user_uttered", {"message": "hello", "session_id": session_id})
    await asyncio.wait_for(got.wait(), 30)
    await asyncio.sleep(1.0)
    greeting = list(received)
    received.clear()
    got.clear()

    staff_text = f"Staff reply {uuid.uuid4().hex[:6]}"
    async with aiohttp.ClientSession() as http:
        resp = await http.post(
            f"{api_url}/conversations/{session_id}/tracker/events",
            params={"output_channel": "latest", "execute_side_effects": "true", "token": token},
            json=[{"event": "bot", "text": staff_text}],
        )
        status = resp.status
    try:
        await asyncio.wait_for(got.wait(), 10)
    except asyncio.TimeoutError:
        pass
    await sio.disconnect()
    print(json.dumps({"greeting": greeting, "status": status, "staff_text": staff_text,
                      "after_staff_reply": received}))


if __name__ == "__main__":
    asyncio.run(main(*sys.argv[1:4]))
