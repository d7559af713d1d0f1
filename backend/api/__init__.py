"""The HTTP API: one Sanic blueprint per resource, grouped under /api/v1 by `backend.app`."""
