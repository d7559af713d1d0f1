"""rate-limit hits in the database, shared by every backend worker

Revision ID: 0003_rate_limits
Revises: 0002_console
Create Date: 2026-11-29 12:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from backend.adapters.models import UTCDateTime

revision: str = "0003_rate_limits"
down_revision: str | None = "0002_console"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "rate_limit_hits",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key_hash", sa.String(length=64), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rate_limit_hits")),
    )
    op.create_index("ix_rate_limit_hits_key_hash_at", "rate_limit_hits", ["key_hash", "at"])


def downgrade() -> None:
    op.drop_index("ix_rate_limit_hits_key_hash_at", table_name="rate_limit_hits")
    op.drop_table("rate_limit_hits")
