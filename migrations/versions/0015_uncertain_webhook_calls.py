"""webhook calls park their enrollment (SPEC §9; issue 15)

Revision ID: 0015
Revises: 0014

A call whose worker stopped mid-request is now ``uncertain`` (and due) until its resend is
recorded, so the due-calls index covers ``uncertain`` beside ``queued``. Parking itself needs
no schema: the answer goes in the enrollment's ``state`` JSON (``reply``).
"""
from alembic import op
import sqlalchemy as sa

revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None

_DUE = "status IN ('queued', 'uncertain')"


def upgrade():
    op.drop_index('ix_webhook_calls_due', table_name='webhook_calls')
    op.create_index('ix_webhook_calls_due', 'webhook_calls', ['next_attempt_at'],
                    sqlite_where=sa.text(_DUE), postgresql_where=sa.text(_DUE))


def downgrade():
    op.execute("UPDATE webhook_calls SET status = 'queued' WHERE status = 'uncertain'")
    op.drop_index('ix_webhook_calls_due', table_name='webhook_calls')
    op.create_index('ix_webhook_calls_due', 'webhook_calls', ['next_attempt_at'],
                    sqlite_where=sa.text("status = 'queued'"),
                    postgresql_where=sa.text("status = 'queued'"))
