"""leaner indexes on accounts and custom values: bulk writes maintain fewer entries

Every account write updated nine indexes and every custom value five. A full
segment recompute reads the whole accounts table (a sequential scan is the plan
PostgreSQL picks for it anyway) and incremental re-evaluation looks accounts up
by id, so the single-column indexes on mrr, next_billing_on, created_on, stage_ci
and status_ci are dropped. Custom values keep one (key, value) index per type,
now partial (only rows holding a value of that type), so a row is in two indexes,
not five; the compiler's ``key = :k AND <column> <op> :v`` implies the
predicate, so the planner can still use them.

Revision ID: 0006
Revises: 0005
"""
from alembic import op
import sqlalchemy as sa

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

ACCOUNT_INDEXES = {'ix_accounts_mrr': 'mrr', 'ix_accounts_next_billing_on': 'next_billing_on',
                   'ix_accounts_created_on': 'created_on', 'ix_accounts_stage_ci': 'stage_ci',
                   'ix_accounts_status_ci': 'status_ci'}
VALUE_INDEXES = {'ix_account_attribute_values_key_num': 'num_value',
                 'ix_account_attribute_values_key_text': 'text_ci',
                 'ix_account_attribute_values_key_date': 'date_value',
                 'ix_account_attribute_values_key_bool': 'bool_value'}


def upgrade():
    for name in ACCOUNT_INDEXES:
        op.drop_index(name, table_name='accounts')
    for name, column in VALUE_INDEXES.items():
        op.drop_index(name, table_name='account_attribute_values')
        where = sa.text(f'{column} IS NOT NULL')
        op.create_index(name, 'account_attribute_values', ['key', column],
                        sqlite_where=where, postgresql_where=where)


def downgrade():
    for name, column in VALUE_INDEXES.items():
        op.drop_index(name, table_name='account_attribute_values')
        op.create_index(name, 'account_attribute_values', ['key', column])
    for name, column in ACCOUNT_INDEXES.items():
        op.create_index(name, 'accounts', [column])
