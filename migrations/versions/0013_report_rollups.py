"""reporting rollups (SPEC §11; issue 17)

Revision ID: 0013
Revises: 0012

``report_rollups`` and the triggers that keep it (``backend/db/report_rollups.py`` says what
is counted and why triggers); the rollups of what already ran are counted once here.
"""
from alembic import op
import sqlalchemy as sa

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade():
    from backend.db import report_rollups

    op.create_table(
        'report_rollups',
        sa.Column('journey_id', sa.Integer(), sa.ForeignKey(
            'journeys.id', ondelete='CASCADE', name=op.f('fk_report_rollups_journey_id_journeys')),
            nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('metric', sa.String(length=20), nullable=False),
        sa.Column('node_id', sa.String(length=200), nullable=False, server_default=''),
        sa.Column('key', sa.String(length=100), nullable=False, server_default=''),
        sa.Column('shard', sa.SmallInteger(), nullable=False, server_default='0'),
        sa.Column('n', sa.BigInteger(), nullable=False, server_default='0'),
        sa.PrimaryKeyConstraint('journey_id', 'day', 'metric', 'node_id', 'key', 'shard',
                                name=op.f('pk_report_rollups')),
    )
    dialect = op.get_bind().dialect.name
    for statement in report_rollups.trigger_ddl(dialect):
        op.execute(statement)
    for statement in report_rollups.rebuild_sql(dialect, journey_filter=False):
        op.execute(statement)


def downgrade():
    from backend.db import report_rollups

    for statement in report_rollups.drop_ddl(op.get_bind().dialect.name):
        op.execute(statement)
    op.drop_table('report_rollups')
