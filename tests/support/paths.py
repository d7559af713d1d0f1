"""Where things are, for every test suite (stdlib only: both environments import it)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RUN_DIR = ROOT / ".run"
# The backend runs in `.venv`, whichever environment the test suite itself runs in.
BACKEND_PY = ROOT / ".venv" / "bin" / "python"
