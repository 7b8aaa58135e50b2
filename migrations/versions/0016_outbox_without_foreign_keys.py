"""the outbox's references are kept by the code, not by foreign keys (issue 10)

Revision ID: 0016
Revises: 0015

``outbox_emails.account_id``, ``enrollment_id`` and ``journey_id`` lose their foreign keys
(all three were ON DELETE SET NULL). The walker writes an email per recipient per step — the
largest table it writes — and PostgreSQL checked three keys per row: more than half of the
COPY's time. The references still hold: the walker writes ids it has just read under lock in
the same transaction, accounts are never deleted, and deleting a journey (only when disabled)
sets its emails' ``journey_id`` and ``enrollment_id`` to NULL itself
(``services.journeys.delete_journey``), as the keys did. The indexes stay.
"""
from alembic import op

revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None

_KEYS = (('fk_outbox_emails_account_id_accounts', 'accounts', 'account_id'),
         ('fk_outbox_emails_enrollment_id_enrollments', 'enrollments', 'enrollment_id'),
         ('fk_outbox_emails_journey_id_journeys', 'journeys', 'journey_id'))


def upgrade():
    with op.batch_alter_table('outbox_emails') as batch:
        for name, _table, _column in _KEYS:
            batch.drop_constraint(name, type_='foreignkey')


def downgrade():
    # rows whose journey or enrollment went meanwhile lose the dangling id, as SET NULL did
    op.execute("UPDATE outbox_emails SET enrollment_id = NULL WHERE enrollment_id IS NOT NULL "
               "AND enrollment_id NOT IN (SELECT id FROM enrollments)")
    op.execute("UPDATE outbox_emails SET journey_id = NULL WHERE journey_id IS NOT NULL "
               "AND journey_id NOT IN (SELECT id FROM journeys)")
    with op.batch_alter_table('outbox_emails') as batch:
        for name, table, column in _KEYS:
            batch.create_foreign_key(name, table, [column], ['id'], ondelete='SET NULL')
