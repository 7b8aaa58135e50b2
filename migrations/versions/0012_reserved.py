"""email delivery: unsubscribe, suppressions, multipart templates, engagement (SPEC §8; issue 14 part B)

Revision ID: 0012
Revises: 0011

Reserved in the chain so that parallel work keeps one head; the owner fills
in upgrade/downgrade (an empty migration is a valid no-op until then).
"""
from alembic import op  # noqa: F401
import sqlalchemy as sa  # noqa: F401

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
