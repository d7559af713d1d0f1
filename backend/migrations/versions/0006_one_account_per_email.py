"""one educator account per email address

Revision ID: 0006_one_account_per_email
Revises: 0005_login_code_attempts
Create Date: 2026-12-06 20:00:00

One username per person: an educator's email is on one account only, so a second account
cannot be made with it (the service mails the username on it instead). A partial unique
index holds the rule against racing requests; staff accounts may share an address.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006_one_account_per_email"
down_revision: str | None = "0005_login_code_attempts"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_EDUCATORS = sa.text("role = 'educator'")


def upgrade() -> None:
    op.create_index("uq_accounts_educator_email", "accounts", ["email_normalized"], unique=True,
                    sqlite_where=_EDUCATORS, postgresql_where=_EDUCATORS)


def downgrade() -> None:
    op.drop_index("uq_accounts_educator_email", table_name="accounts")
