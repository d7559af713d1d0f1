"""Privacy layer of the chat: the redacting tracker store (a Rasa plugin).

The redaction rules themselves live in `pii.redaction` (stdlib only, imported by both
Python environments); `bot.privacy.tracker_store` needs Rasa and is loaded only by the
Rasa server.
"""
