"""The ways educators reach the assistant: the web chat page (`web`, a blueprint served by
the web process) and the Telegram bridge (`telegram`, its own process). Both run in `.venv`."""
