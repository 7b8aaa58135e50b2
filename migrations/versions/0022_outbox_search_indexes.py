"""the Outbox page's search from indexes, paid for by the status index few queries need

Revision ID: 0022
Revises: 0021

The Outbox page searches by the start of a recipient address (any case) or by account; on a
large outbox both scanned the table. Each outbox index costs the walker's COPY of its email rows
(docs/engine-performance.md), so the indexes change rather than grow, and no stored row does:

- PostgreSQL: ``ix_outbox_emails_address`` on ``(lower(to_address) text_pattern_ops,
  created_at)`` replaces ``ix_outbox_emails_cap`` ``(to_address, created_at)``. The frequency
  cap looks an address up by ``lower(to_address)`` and keeps the rows whose address is the one
  given, as before; the search's ``lower(to_address) LIKE 'ann@%'`` becomes a range of it
  (``text_pattern_ops``: a plain index serves ``LIKE`` only in the "C" collation). Comparing bytes
  instead of collating makes it no dearer to keep than the one it replaces. SQLite keeps
  ``ix_outbox_emails_cap``: its batch migrations rebuild plain indexes and drop expression ones
  (0011), and its search stays a scan.
- ``ix_outbox_emails_account_id`` on ``account_id``: the emails of the accounts a search (or the
  account filter) found.
- ``ix_outbox_emails_status`` on every row becomes ``ix_outbox_emails_uncommon_status``, only
  the rows ``sending``, ``failed``, ``uncertain`` or ``suppressed`` — the statuses few emails have,
  and none when written (the walker writes ``queued`` or ``kept``); ``queued`` has
  ``ix_outbox_emails_due``; ``sent`` and ``kept`` are most of the outbox, read newest first
  through ``ix_outbox_emails_created_at``.

Index builds only, no data changes; on PostgreSQL they hold off writes to the outbox while they
run (2,000,000 emails: about 2.5 s for the address index, 1 s for the account one).
"""
import sqlalchemy as sa
from alembic import op

revision = '0022'
down_revision = '0021'
branch_labels = None
depends_on = None

_UNCOMMON = sa.text("status IN ('sending', 'failed', 'uncertain', 'suppressed')")


def upgrade():
    if op.get_bind().dialect.name == 'postgresql':
        op.execute('CREATE INDEX ix_outbox_emails_address ON outbox_emails '
                   '(lower(to_address) text_pattern_ops, created_at)')
        op.drop_index('ix_outbox_emails_cap', table_name='outbox_emails')
    op.create_index('ix_outbox_emails_account_id', 'outbox_emails', ['account_id'])
    op.create_index('ix_outbox_emails_uncommon_status', 'outbox_emails', ['status'],
                    sqlite_where=_UNCOMMON, postgresql_where=_UNCOMMON)
    op.drop_index('ix_outbox_emails_status', table_name='outbox_emails')


def downgrade():
    op.create_index('ix_outbox_emails_status', 'outbox_emails', ['status'])
    op.drop_index('ix_outbox_emails_uncommon_status', table_name='outbox_emails')
    op.drop_index('ix_outbox_emails_account_id', table_name='outbox_emails')
    if op.get_bind().dialect.name == 'postgresql':
        op.create_index('ix_outbox_emails_cap', 'outbox_emails', ['to_address', 'created_at'])
        op.drop_index('ix_outbox_emails_address', table_name='outbox_emails')
