"""`python -m backend serve --host H --port P` (and every other `backend.cli` command)."""

from backend.cli import main

raise SystemExit(main())
