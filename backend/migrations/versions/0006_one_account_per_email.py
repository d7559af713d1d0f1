"""one educator account per email address

Revision ID: 0006_one_account_per_email
Revises: 0005_login_code_attempts
Create Date: 2026-12-06 20:00:00

One username per person: an educator's email is on one account only, so a second account
cannot be made with it (the service mails the username on it instead). A partial unique
index holds the rule against racing requests; staff accounts may share an address.

Accounts made before the rule may already share an email (the chat used to allow it). The
oldest account of each such group keeps the address as its own; the later ones are marked
`legacy_shared_email` and left out of the index, so that the upgrade never fails on existing
data and nothing is deleted or changed for the person (the help desk merges them). The
service still refuses a new account with any of those addresses.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006_one_account_per_email"
down_revision: str | None = "0005_login_code_attempts"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("accounts") as batch:
        batch.add_column(sa.Column("legacy_shared_email", sa.Boolean(), nullable=False,
                                   server_default=sa.false()))
    op.get_bind().execute(
        sa.text("UPDATE accounts SET legacy_shared_email = :shared WHERE role = 'educator' AND "
                "id NOT IN (SELECT MIN(id) FROM accounts WHERE role = 'educator' "
                "GROUP BY email_normalized)"), {"shared": True})
    op.create_index("uq_accounts_educator_email", "accounts", ["email_normalized"], unique=True,
                    sqlite_where=sa.text("role = 'educator' AND legacy_shared_email = 0"),
                    postgresql_where=sa.text("role = 'educator' AND NOT legacy_shared_email"))


def downgrade() -> None:
    op.drop_index("uq_accounts_educator_email", table_name="accounts")
    with op.batch_alter_table("accounts") as batch:
        batch.drop_column("legacy_shared_email")
