"""webhook calls park their enrollment (SPEC §9; issue 15)

Revision ID: 0015
Revises: 0014

Reserved in the chain so that parallel work keeps one head; the owner fills
in upgrade/downgrade (an empty migration is a valid no-op until then).
"""
from alembic import op  # noqa: F401
import sqlalchemy as sa  # noqa: F401

revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
