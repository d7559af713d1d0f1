"""`python -m server serve --host H --port P`: the whole web process (API, console, chat page).

Every other `backend.cli` command works here too (`python -m server migrate`, ...).
"""

from backend.cli import main
from server.app import create_app

raise SystemExit(main(app_factory=create_app))
