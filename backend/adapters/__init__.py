"""Adapters: ORM models, database engine and unit of work, crypto, mail, PDF, rate limits."""
