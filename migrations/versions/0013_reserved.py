"""reporting rollups (SPEC §11; issue 17)

Revision ID: 0013
Revises: 0012

Reserved in the chain so that parallel work keeps one head; the owner fills
in upgrade/downgrade (an empty migration is a valid no-op until then).
"""
from alembic import op  # noqa: F401
import sqlalchemy as sa  # noqa: F401

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
