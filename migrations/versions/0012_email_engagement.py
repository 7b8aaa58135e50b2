"""email delivery: unsubscribe, suppressions, multipart templates, engagement (SPEC §8; issue 14 part B)

- ``email_templates.html_body`` — the optional HTML part beside the text ``body``.
- ``outbox_emails``: ``html_body``; ``unsubscribable`` (a journey email to a contact: it
  carries List-Unsubscribe and honours the suppression list; staff alerts, transactional
  emails and test sends do not); ``journey_id``, ``node_id``, ``template_key`` (what the
  engagement events and per-node stats name); ``opened_at``, ``clicked_at``,
  ``unsubscribed_at`` (first of each, for the stats).
- ``suppressions`` — addresses that get no non-transactional journey email.

Revision ID: 0012
Revises: 0011
"""
from alembic import op
import sqlalchemy as sa

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('email_templates') as batch:
        batch.add_column(sa.Column('html_body', sa.Text(), nullable=True))
    with op.batch_alter_table('outbox_emails') as batch:
        batch.add_column(sa.Column('html_body', sa.Text(), nullable=True))
        batch.add_column(sa.Column('unsubscribable', sa.Boolean(), nullable=False,
                                   server_default=sa.false()))
        batch.add_column(sa.Column('journey_id', sa.Integer(), nullable=True))
        batch.add_column(sa.Column('node_id', sa.String(length=200), nullable=True))
        batch.add_column(sa.Column('template_key', sa.String(length=100), nullable=True))
        batch.add_column(sa.Column('opened_at', sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column('clicked_at', sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column('unsubscribed_at', sa.DateTime(timezone=True), nullable=True))
        batch.create_foreign_key(op.f('fk_outbox_emails_journey_id_journeys'), 'journeys',
                                 ['journey_id'], ['id'], ondelete='SET NULL')
        batch.create_index('ix_outbox_emails_journey_node', ['journey_id', 'node_id'])
    op.create_table(
        'suppressions',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('address', sa.String(length=254), nullable=False),
        sa.Column('reason', sa.String(length=20), nullable=False),
        sa.Column('source', sa.String(length=20), nullable=False),
        sa.Column('note', sa.Text(), nullable=True),
        sa.Column('journey_id', sa.Integer(), sa.ForeignKey(
            'journeys.id', ondelete='SET NULL', name=op.f('fk_suppressions_journey_id_journeys')),
            nullable=True),
        sa.Column('node_id', sa.String(length=200), nullable=True),
        sa.Column('outbox_email_id', sa.Integer(), sa.ForeignKey(
            'outbox_emails.id', ondelete='SET NULL',
            name=op.f('fk_suppressions_outbox_email_id_outbox_emails')), nullable=True),
        sa.Column('created_by', sa.String(length=254), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint('address', name=op.f('uq_suppressions_address')),
    )
    op.create_index('ix_suppressions_created_at', 'suppressions', ['created_at'])


def downgrade():
    op.drop_index('ix_suppressions_created_at', table_name='suppressions')
    op.drop_table('suppressions')
    with op.batch_alter_table('outbox_emails') as batch:
        batch.drop_index('ix_outbox_emails_journey_node')
        batch.drop_constraint(op.f('fk_outbox_emails_journey_id_journeys'), type_='foreignkey')
        for column in ('unsubscribed_at', 'clicked_at', 'opened_at', 'template_key', 'node_id',
                       'journey_id', 'unsubscribable', 'html_body'):
            batch.drop_column(column)
    with op.batch_alter_table('email_templates') as batch:
        batch.drop_column('html_body')
