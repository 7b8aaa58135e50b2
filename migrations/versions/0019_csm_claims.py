"""claims of rounds still committing on their CSMs' books (issue 10)

Revision ID: 0019
Revises: 0018

An ``assign_csm`` node with the least-accounts strategy used to lock its pool's row until its
round committed, so the next round — the same worker's, overlapped with that commit, or another
worker's — waited for the whole commit before it could count. A round now records what it gives
and takes (``csm_claims``, committed at once in a short transaction of its own) and deletes them
in its own transaction; a round choosing a CSM counts committed accounts plus other rounds'
claims, in one statement. No foreign key: claims live for seconds, and a staff user's deletion
must not wait for them.
"""
import sqlalchemy as sa
from alembic import op

revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'csm_claims',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('round_key', sa.String(length=32), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('delta', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.func.now(),
                  nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_csm_claims')))
    op.create_index('ix_csm_claims_round_key', 'csm_claims', ['round_key'], unique=False)


def downgrade():
    op.drop_index('ix_csm_claims_round_key', table_name='csm_claims')
    op.drop_table('csm_claims')
