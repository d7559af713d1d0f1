"""each application keeps its status document (JSON) for the status lookup

Revision ID: 0004_app_documents
Revises: 0003_rate_limits
Create Date: 2026-11-29 16:00:00

Existing rows start with NULL, which readers build live (backend/adapters/documents.py);
the next write to an application stores its document.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_app_documents"
down_revision: str | None = "0003_rate_limits"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("applications", sa.Column("document", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("applications") as batch:
        batch.drop_column("document")
