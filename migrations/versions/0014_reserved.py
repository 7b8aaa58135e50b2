"""product events follow-ups (SPEC §7; issue 13)

Revision ID: 0014
Revises: 0013

Reserved in the chain so that parallel work keeps one head; the owner fills
in upgrade/downgrade (an empty migration is a valid no-op until then).
"""
from alembic import op  # noqa: F401
import sqlalchemy as sa  # noqa: F401

revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
