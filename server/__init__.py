"""The composition root: one Sanic app = the backend API + the staff console + the chat page.

The only module that imports all three, so the backend imports neither. See
docs/architecture.md.
"""
