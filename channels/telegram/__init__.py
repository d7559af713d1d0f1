"""Telegram bridge: Telegram updates <-> Rasa's REST channel.

`translate` holds the pure functions (update -> Rasa message, Rasa replies -> Telegram
messages); `app` wraps them in a thin python-telegram-bot Application. Run it with
`python -m channels.telegram`.
"""
