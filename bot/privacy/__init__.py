"""Privacy layer of the chat: redaction of secrets before anything is persisted.

`bot.privacy.redaction` is stdlib-only and imported by both Python environments;
`bot.privacy.tracker_store` needs Rasa and is loaded only by the Rasa server.
"""
