"""The HTTP API: one Sanic blueprint per resource under /api/v1."""
