"""Rasa input channels of this project (bot/credentials*.yml)."""
