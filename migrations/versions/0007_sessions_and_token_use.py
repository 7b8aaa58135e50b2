"""sessions that can be ended, and when each API token was last used

``staff_users.session_generation`` is copied into a browser session's cookie at
login; logging out or changing the password increments it, so every cookie
issued before no longer matches and is refused (401). ``api_tokens.last_used_at``
is written at most once a minute per token (``GET /api/tokens``, ``flask token list``).

Revision ID: 0007
Revises: 0006
"""
from alembic import op
import sqlalchemy as sa

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('staff_users') as batch:
        batch.add_column(sa.Column('session_generation', sa.Integer(), nullable=False,
                                   server_default='0'))
    with op.batch_alter_table('api_tokens') as batch:
        batch.add_column(sa.Column('last_used_at', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('api_tokens') as batch:
        batch.drop_column('last_used_at')
    with op.batch_alter_table('staff_users') as batch:
        batch.drop_column('session_generation')
