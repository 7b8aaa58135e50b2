"""the audit log, and a note on each published version

``audit_log``: one row per write by a person or token (who, when, what, on
which object, a summary of before/after with secrets redacted), written in the
transaction of the change (``services.audit``). ``journey_versions.note``: the
publisher's optional note, shown in the version history.

Revision ID: 0008
Revises: 0007
"""
from alembic import op
import sqlalchemy as sa

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'audit_log',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('actor', sa.String(length=254), nullable=False),
        sa.Column('actor_type', sa.String(length=20), nullable=False),
        sa.Column('action', sa.String(length=64), nullable=False),
        sa.Column('target_type', sa.String(length=40), nullable=False),
        sa.Column('target_id', sa.String(length=254), nullable=True),
        sa.Column('summary', sa.Text(), nullable=False),
        sa.Column('changes', sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_log')),
    )
    op.create_index('ix_audit_log_at', 'audit_log', ['at'])
    op.create_index('ix_audit_log_target', 'audit_log', ['target_type', 'target_id', 'at'])
    op.create_index('ix_audit_log_actor', 'audit_log', ['actor', 'at'])
    with op.batch_alter_table('journey_versions') as batch:
        batch.add_column(sa.Column('note', sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table('journey_versions') as batch:
        batch.drop_column('note')
    op.drop_index('ix_audit_log_actor', table_name='audit_log')
    op.drop_index('ix_audit_log_target', table_name='audit_log')
    op.drop_index('ix_audit_log_at', table_name='audit_log')
    op.drop_table('audit_log')
