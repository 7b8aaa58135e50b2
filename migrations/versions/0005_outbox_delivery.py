"""outbox delivery bookkeeping: attempts and next_attempt_at

Revision ID: 0005
Revises: 0004
"""
from alembic import op
import sqlalchemy as sa

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('outbox_emails') as batch:
        batch.add_column(sa.Column('attempts', sa.Integer(), nullable=False, server_default='0'))
        batch.add_column(sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=True))
    op.create_index('ix_outbox_emails_due', 'outbox_emails', ['next_attempt_at'],
                    sqlite_where=sa.text("status = 'queued'"),
                    postgresql_where=sa.text("status = 'queued'"))


def downgrade():
    op.drop_index('ix_outbox_emails_due', table_name='outbox_emails')
    with op.batch_alter_table('outbox_emails') as batch:
        batch.drop_column('next_attempt_at')
        batch.drop_column('attempts')
