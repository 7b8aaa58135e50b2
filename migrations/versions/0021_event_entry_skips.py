"""why an entry event did not enroll an account (the account page's "why isn't it here?")

Revision ID: 0021
Revises: 0020

``event_entry_skips`` — per account and journey, the latest event the journey enters on that
did not enroll the account, and the re-enrollment rule's reason: ``active`` (it was active in
the journey since ``since``), ``reenroll_never``, ``reenroll_wait`` (until ``eligible_from``).
The entry job writes it in the transaction of the enrollments it makes; it cannot be derived
later (the rule, the journey's version and the account's enrollments move on). One row per
(account, journey), overwritten: it stays as small as the accounts times the event journeys.
No foreign keys, as the engine's other rows (0016, 0017).
"""
import sqlalchemy as sa
from alembic import op

revision = '0021'
down_revision = '0020'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'event_entry_skips',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('account_id', sa.Integer(), nullable=False),
        sa.Column('journey_id', sa.Integer(), nullable=False),
        sa.Column('event_name', sa.String(length=64), nullable=False),
        sa.Column('event_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('event_client_id', sa.String(length=200), nullable=True),
        sa.Column('code', sa.String(length=20), nullable=False),
        sa.Column('since', sa.DateTime(timezone=True), nullable=False),
        sa.Column('eligible_from', sa.DateTime(timezone=True), nullable=True),
        sa.Column('decided_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_event_entry_skips')),
        sa.UniqueConstraint('account_id', 'journey_id', name='uq_event_entry_skips_account_id_journey_id'),
    )


def downgrade():
    op.drop_table('event_entry_skips')
