"""Domain rules in plain Python: no web framework and no ORM imports here (a test checks)."""
