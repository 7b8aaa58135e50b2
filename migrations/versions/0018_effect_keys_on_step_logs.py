"""effect keys on the step that performed them; the effects table goes (issue 10)

Revision ID: 0018
Revises: 0017

An ``effects`` row recorded each action's idempotency key (``enrollment:node:visit``), unique,
written in the round that performed it. Nothing read the rows back: the key's uniqueness was
all they were for, and their payload repeated the step log's detail. They were a third of the
rows an attribute journey's walk wrote. The key now sits on the step log that performed the
effect (``step_logs.effect_key``, a unique partial index: NULL, and not indexed, on every other
step), so a round that
would perform an effect again still cannot commit, and each action writes one row, not two.

Keys of effects performed before this migration are not carried over to their step logs: an
old round cannot come back (the enrollment's row, locked by every round, holds the state and
the step seq past it, and the step logs' unique (enrollment_id, seq) refuses a round that read
an old one), and the rows those effects wrote keep their own unique keys (outbox emails',
webhook calls' ``effect_key``, tasks' ``source_key``).

A column and an index are added without copying the table, so SQLite keeps step_logs' report
rollup triggers (migration 0013).
"""
import sqlalchemy as sa
from alembic import op

revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None
_KEYED = sa.text('effect_key IS NOT NULL')  # a partial index: the other steps add no entry


def upgrade():
    op.add_column('step_logs', sa.Column('effect_key', sa.String(length=200), nullable=True))
    op.create_index('uq_step_logs_effect_key', 'step_logs', ['effect_key'], unique=True,
                    sqlite_where=_KEYED, postgresql_where=_KEYED)
    op.drop_table('effects')


def downgrade():
    op.create_table(
        'effects',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('key', sa.String(length=200), nullable=False),
        sa.Column('enrollment_id', sa.Integer(), nullable=True),
        sa.Column('node_id', sa.String(length=200), nullable=True),
        sa.Column('kind', sa.String(length=40), nullable=False),
        sa.Column('payload', sa.JSON(), nullable=False),
        sa.Column('status', sa.String(length=10), nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('last_error', sa.Text(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('performed_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('result', sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_effects')),
        sa.UniqueConstraint('key', name=op.f('uq_effects_key')))
    op.create_index('ix_effects_enrollment_id', 'effects', ['enrollment_id'], unique=False)
    op.create_index('ix_effects_pending', 'effects', ['created_at'], unique=False,
                    sqlite_where=sa.text("status = 'pending'"),
                    postgresql_where=sa.text("status = 'pending'"))
    # the keys go back to the table they came from (the effect's kind is in the step's detail)
    dialect = op.get_bind().dialect.name
    kind = "detail->>'kind'" if dialect == 'postgresql' else "json_extract(detail, '$.kind')"
    op.execute("INSERT INTO effects (key, enrollment_id, node_id, kind, payload, status, attempts, "
               f"created_at, performed_at) SELECT effect_key, enrollment_id, node_id, "
               f"COALESCE({kind}, type), COALESCE(detail, '{{}}'), 'done', 1, at, at "
               "FROM step_logs WHERE effect_key IS NOT NULL")
    op.drop_index('uq_step_logs_effect_key', table_name='step_logs')
    with op.batch_alter_table('step_logs') as batch:
        batch.drop_column('effect_key')
    from backend.db import report_rollups  # SQLite's batch copy lost the rollup triggers

    if dialect == 'sqlite':
        for statement in report_rollups.drop_ddl(dialect) + report_rollups.trigger_ddl(dialect):
            op.execute(statement)
