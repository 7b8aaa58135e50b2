"""product events (SPEC §7)

``events`` — one row per product event. On PostgreSQL it is partitioned by month
(``PARTITION BY RANGE (at)``); months are created ahead by the
scheduler and at ingest, and whole old months dropped (``backend.events_store``).
This migration creates the months from three back to two ahead. SQLite: a plain table.
On PostgreSQL ``account_id`` has no foreign key (checking it per row cost a third of
bulk ingest; ingest resolves every account itself, and accounts are never deleted) and
the table no primary key: a partitioned table's would have to be ``(id, at)``, an index
nothing reads (ids come from the sequence); de-duplication is by client id in
``event_client_ids``.
``event_client_ids`` de-duplicates by the sender's id; ``event_names`` and
``event_daily_counts`` answer ``GET /api/event-names`` without scanning events.

Revision ID: 0009
Revises: 0008
"""
from datetime import date

from alembic import op
import sqlalchemy as sa

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def _month(day: date, delta: int) -> date:
    index = day.year * 12 + day.month - 1 + delta
    return date(index // 12, index % 12 + 1, 1)


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("""
            CREATE TABLE events (
                id bigserial NOT NULL,
                account_id integer NOT NULL,
                name varchar(64) NOT NULL,
                at timestamptz NOT NULL,
                properties json NOT NULL,
                client_id varchar(200),
                received_at timestamptz NOT NULL
            ) PARTITION BY RANGE (at)""")
        today = date.today()
        for delta in range(-3, 3):
            start, end = _month(today, delta), _month(today, delta + 1)
            op.execute(f"CREATE TABLE IF NOT EXISTS events_{start:%Y_%m} PARTITION OF events "
                       f"FOR VALUES FROM ('{start}') TO ('{end}')")
    else:
        op.create_table(
            'events',
            sa.Column('id', sa.Integer(), primary_key=True),
            sa.Column('account_id', sa.Integer(), sa.ForeignKey('accounts.id', ondelete='CASCADE',
                                                                name=op.f('fk_events_account_id_accounts')),
                      nullable=False),
            sa.Column('name', sa.String(length=64), nullable=False),
            sa.Column('at', sa.DateTime(timezone=True), nullable=False),
            sa.Column('properties', sa.JSON(), nullable=False),
            sa.Column('client_id', sa.String(length=200), nullable=True),
            sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
        )
    op.create_index('ix_events_account_name_at', 'events', ['account_id', 'name', 'at'])
    op.create_index('ix_events_name_at', 'events', ['name', 'at', 'account_id'])
    op.create_table(
        'event_client_ids',
        sa.Column('client_id', sa.String(length=200), nullable=False),
        sa.Column('seen_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('client_id', name=op.f('pk_event_client_ids')),
    )
    op.create_table(
        'event_names',
        sa.Column('name', sa.String(length=64), nullable=False),
        sa.Column('properties', sa.JSON(), nullable=False),
        sa.Column('last_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('name', name=op.f('pk_event_names')),
    )
    op.create_table(
        'event_daily_counts',
        sa.Column('name', sa.String(length=64), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('count', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
        sa.PrimaryKeyConstraint('name', 'day', name=op.f('pk_event_daily_counts')),
    )


def downgrade():
    op.drop_table('event_daily_counts')
    op.drop_table('event_names')
    op.drop_table('event_client_ids')
    op.drop_index('ix_events_name_at', table_name='events')
    op.drop_index('ix_events_account_name_at', table_name='events')
    op.drop_table('events')  # on PostgreSQL its partitions go with it
