"""staff console tables: sign-in sessions, conversation tags and notes

Owned by the staff console (console/models.py). Chained after the backend's
initial schema.

Revision ID: 0002_console
Revises: 0001
Create Date: 2026-11-29 04:57:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from backend.adapters.models import UTCDateTime

revision: str = "0002_console"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "console_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=30), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("expires_at", UTCDateTime(), nullable=False),
        sa.Column("revoked_at", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            ondelete="CASCADE",
            name=op.f("fk_console_sessions_account_id_accounts"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_console_sessions")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_console_sessions_token_hash")),
    )
    with op.batch_alter_table("console_sessions") as batch:
        batch.create_index(batch.f("ix_console_sessions_account_id"), ["account_id"], unique=False)

    op.create_table(
        "console_conversation_tags",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sa.String(length=255), nullable=False),
        sa.Column("tag", sa.String(length=40), nullable=False),
        sa.Column("created_by", sa.String(length=30), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_console_conversation_tags")),
        sa.UniqueConstraint(
            "conversation_id", "tag", name=op.f("uq_console_conversation_tags_conversation_id")
        ),
    )
    with op.batch_alter_table("console_conversation_tags") as batch:
        batch.create_index(
            batch.f("ix_console_conversation_tags_conversation_id"),
            ["conversation_id"],
            unique=False,
        )
        batch.create_index(batch.f("ix_console_conversation_tags_tag"), ["tag"], unique=False)

    op.create_table(
        "console_conversation_notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sa.String(length=255), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_by", sa.String(length=30), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_console_conversation_notes")),
    )
    with op.batch_alter_table("console_conversation_notes") as batch:
        batch.create_index(
            batch.f("ix_console_conversation_notes_conversation_id"),
            ["conversation_id"],
            unique=False,
        )


def downgrade() -> None:
    op.drop_table("console_conversation_notes")
    op.drop_table("console_conversation_tags")
    op.drop_table("console_sessions")
