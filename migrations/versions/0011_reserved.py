"""delivery timing: account time zones, frequency cap (SPEC §8; issue 14 part A)

Revision ID: 0011
Revises: 0010

Reserved in the chain so that parallel work keeps one head; the owner fills
in upgrade/downgrade (an empty migration is a valid no-op until then).
"""
from alembic import op  # noqa: F401
import sqlalchemy as sa  # noqa: F401

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
