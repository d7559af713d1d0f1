"""The certification backend: accounts, the SSN link, profiles, applications and records."""
