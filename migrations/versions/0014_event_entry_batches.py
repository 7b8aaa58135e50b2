"""product events follow-ups (SPEC §7; issue 13): entry by event that survives a lost job

``event_entry_batches`` — entry by event still to do, one row per ingest request and chunk
of accounts (written in the ingest's transaction); the entry job claims a row
(``processed_at``) in the same transaction as its enrollments, and the scheduler re-finds
rows no job claimed. ``(received_at, part)`` is unique: ``received_at`` is the request's
stamp, by which the job reads the events back.

Revision ID: 0014
Revises: 0013
"""
from alembic import op
import sqlalchemy as sa

revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'event_entry_batches',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('part', sa.Integer(), nullable=False),
        sa.Column('account_ids', sa.JSON(), nullable=False),
        sa.Column('names', sa.JSON(), nullable=False),
        sa.Column('first_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('last_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('processed_at', sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_event_entry_batches')),
        sa.UniqueConstraint('received_at', 'part', name='uq_event_entry_batches_received_at_part'),
    )
    op.create_index('ix_event_entry_batches_pending', 'event_entry_batches', ['id'],
                    postgresql_where=sa.text('processed_at IS NULL'),
                    sqlite_where=sa.text('processed_at IS NULL'))


def downgrade():
    op.drop_index('ix_event_entry_batches_pending', table_name='event_entry_batches')
    op.drop_table('event_entry_batches')
