"""login codes remember the client that asked for them and count the checks made

Revision ID: 0005_login_code_attempts
Revises: 0004_app_documents
Create Date: 2026-12-02 10:00:00

A code is usable only by the client that requested it, and each check first takes one
of its few attempts with a guarded UPDATE, so racing guesses cannot exceed them.
Existing codes (NULL client) are usable by nobody; they expire within minutes anyway.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_login_code_attempts"
down_revision: str | None = "0004_app_documents"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("login_codes") as batch:
        batch.add_column(sa.Column("client_hash", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("attempts", sa.Integer(), nullable=False,
                                   server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("login_codes") as batch:
        batch.drop_column("attempts")
        batch.drop_column("client_hash")
