"""step logs and effects keep their references by code, not by foreign keys (issue 10)

Revision ID: 0017
Revises: 0016

``step_logs.enrollment_id`` / ``journey_id`` and ``effects.enrollment_id`` lose their
foreign keys (ON DELETE CASCADE). The walker writes a step log for every step and an effect
for every action — with the outbox, the rows it writes most — and PostgreSQL checked each
key per row. The references still hold: the walker writes ids it has just read under lock in
the same transaction, and deleting a journey (only when disabled) deletes its enrollments'
step logs and effects itself (``services.journeys.delete_journey``), as the cascade did.
The unique (enrollment_id, seq) and effect key constraints, which carry exactly-once, stay.

SQLite alters a table by copying it into a new one, which loses its triggers: the report
rollup triggers (migration 0013) are put back after it.
"""
from alembic import op

revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None

_KEYS = (('step_logs', 'fk_step_logs_enrollment_id_enrollments', 'enrollments', 'enrollment_id'),
         ('step_logs', 'fk_step_logs_journey_id_journeys', 'journeys', 'journey_id'),
         ('effects', 'fk_effects_enrollment_id_enrollments', 'enrollments', 'enrollment_id'))


def _rollup_triggers_again():
    """SQLite's batch mode recreated step_logs without the rollup triggers: put them back."""
    from backend.db import report_rollups

    dialect = op.get_bind().dialect.name
    if dialect == 'sqlite':
        for statement in report_rollups.drop_ddl(dialect) + report_rollups.trigger_ddl(dialect):
            op.execute(statement)


def upgrade():
    for table in ('step_logs', 'effects'):
        with op.batch_alter_table(table) as batch:
            for owner, name, _target, _column in _KEYS:
                if owner == table:
                    batch.drop_constraint(name, type_='foreignkey')
    _rollup_triggers_again()


def downgrade():
    # rows whose enrollment or journey went meanwhile are deleted, as the cascade did
    op.execute("DELETE FROM step_logs WHERE enrollment_id NOT IN (SELECT id FROM enrollments) "
               "OR journey_id NOT IN (SELECT id FROM journeys)")
    op.execute("DELETE FROM effects WHERE enrollment_id IS NOT NULL "
               "AND enrollment_id NOT IN (SELECT id FROM enrollments)")
    for table in ('step_logs', 'effects'):
        with op.batch_alter_table(table) as batch:
            for owner, name, target, column in _KEYS:
                if owner == table:
                    batch.create_foreign_key(name, target, [column], ['id'], ondelete='CASCADE')
    _rollup_triggers_again()
