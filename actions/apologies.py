"""What the person reads when a service behind the assistant doesn't answer.

One home for this wording: the actions say BACKEND_DOWN when the certification backend
fails, and the Rasa server (bot/action_failures.py) says ACTION_SERVER_DOWN when the
action server fails or times out, and MESSAGE_NOT_TAKEN (bot/outages.py) when Redis or the
tracker store is down. Plain strings, stdlib only, so the Rasa server can
import this without the action server's dependencies.
"""

from __future__ import annotations

NOT_ANSWERING = "Sorry, the certification system isn't answering right now."

BACKEND_DOWN = (
    f"{NOT_ANSWERING} Nothing you've told me is lost: please try again in a few minutes."
)
# The failed message itself did nothing (a form stays on the same question), so the
# person is asked to send it again; what they said before it is kept.
ACTION_SERVER_DOWN = (
    f"{NOT_ANSWERING} What you told me before is kept: please send your last message "
    "again in a few minutes."
)
# Said by the Rasa server (bot/outages.py) when it cannot take a message at all: its lock
# store (Redis) or its tracker store (PostgreSQL) is unreachable. The message was not
# processed, so the person is asked to send it again.
MESSAGE_NOT_TAKEN = (
    "Sorry, I can't take messages for a moment. Your last message didn't reach me: "
    "please send it again in a minute. What you told me before is kept."
)
