"""The public web chat page (owned by the channels work)."""
