"""delivery timing: account time zones, frequency cap (SPEC §8; issue 14 part A)

Revision ID: 0011
Revises: 0010

- ``accounts.timezone`` (IANA name; NULL = the workspace default) with its
  case-folded ``timezone_ci`` shadow, like every standard text field (rules
  compare ``account.timezone``).
- ``ix_outbox_emails_cap``: emails by recipient address and time, so the
  frequency cap counts an address's recent emails from an index (a plain
  index: SQLite's batch migrations rebuild it, an expression index they drop).

The workspace settings themselves are one JSON row of ``app_settings``
(no schema change).
"""
from alembic import op
import sqlalchemy as sa

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('accounts') as batch:
        batch.add_column(sa.Column('timezone', sa.Text(), nullable=True))
        batch.add_column(sa.Column('timezone_ci', sa.Text(), nullable=True))
    op.create_index('ix_outbox_emails_cap', 'outbox_emails',
                    ['to_address', 'created_at'])


def downgrade():
    op.drop_index('ix_outbox_emails_cap', table_name='outbox_emails')
    with op.batch_alter_table('accounts') as batch:
        batch.drop_column('timezone_ci')
        batch.drop_column('timezone')
