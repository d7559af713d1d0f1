"""Alembic migrations (run with `python -m backend.cli migrate`)."""
