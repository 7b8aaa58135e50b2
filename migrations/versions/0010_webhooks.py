"""webhook calls and secrets (SPEC §9)

Revision ID: 0010
Revises: 0009
"""
from alembic import op
import sqlalchemy as sa

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'webhook_calls',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('effect_key', sa.String(length=200), nullable=False),
        sa.Column('status', sa.String(length=10), nullable=False),
        sa.Column('method', sa.String(length=8), nullable=False),
        sa.Column('url', sa.Text(), nullable=False),
        sa.Column('host', sa.String(length=300), nullable=False),
        sa.Column('request_headers', sa.JSON(), nullable=False),
        sa.Column('request_body', sa.Text(), nullable=True),
        sa.Column('timeout_s', sa.Integer(), nullable=False),
        sa.Column('save_response', sa.JSON(), nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False, server_default='0'),
        sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('retry_until', sa.DateTime(timezone=True), nullable=False),
        sa.Column('response_status', sa.Integer(), nullable=True),
        sa.Column('response_excerpt', sa.Text(), nullable=True),
        sa.Column('duration_ms', sa.Integer(), nullable=True),
        sa.Column('error', sa.Text(), nullable=True),
        sa.Column('saved', sa.JSON(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('completed_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('account_id', sa.Integer(), sa.ForeignKey(
            'accounts.id', ondelete='SET NULL', name=op.f('fk_webhook_calls_account_id_accounts')), nullable=True),
        sa.Column('enrollment_id', sa.Integer(), sa.ForeignKey(
            'enrollments.id', ondelete='SET NULL', name=op.f('fk_webhook_calls_enrollment_id_enrollments')),
            nullable=True),
        sa.Column('journey_id', sa.Integer(), sa.ForeignKey(
            'journeys.id', ondelete='SET NULL', name=op.f('fk_webhook_calls_journey_id_journeys')), nullable=True),
        sa.Column('node_id', sa.String(length=200), nullable=True),
        sa.UniqueConstraint('effect_key', name=op.f('uq_webhook_calls_effect_key')),
    )
    op.create_index('ix_webhook_calls_created_at', 'webhook_calls', ['created_at'])
    op.create_index('ix_webhook_calls_status', 'webhook_calls', ['status'])
    op.create_index('ix_webhook_calls_enrollment', 'webhook_calls', ['enrollment_id'])
    op.create_index('ix_webhook_calls_due', 'webhook_calls', ['next_attempt_at'],
                    sqlite_where=sa.text("status = 'queued'"),
                    postgresql_where=sa.text("status = 'queued'"))
    op.create_table(
        'secrets',
        sa.Column('name', sa.String(length=64), nullable=False),
        sa.Column('ciphertext', sa.LargeBinary(), nullable=False),
        sa.Column('description', sa.Text(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('name', name=op.f('pk_secrets')),
    )


def downgrade():
    op.drop_table('secrets')
    op.drop_index('ix_webhook_calls_due', table_name='webhook_calls')
    op.drop_index('ix_webhook_calls_enrollment', table_name='webhook_calls')
    op.drop_index('ix_webhook_calls_status', table_name='webhook_calls')
    op.drop_index('ix_webhook_calls_created_at', table_name='webhook_calls')
    op.drop_table('webhook_calls')
