"""Use cases. Each takes the app context and a unit of work, and commits when it succeeds."""
