"""The semantic model's embeddings, kept by model name and text hash, so a claim seen in an earlier
session is not encoded again.

A table of its own, tied to nothing: dropping it (downgrade) loses only time.

Revision ID: 0005
Revises: 0004
"""

from alembic import op
import sqlalchemy as sa

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('embeddings',
    sa.Column('model', sa.String(length=200), nullable=False),
    sa.Column('text_hash', sa.String(length=64), nullable=False),
    sa.Column('vector', sa.LargeBinary(), nullable=False),
    sa.Column('created', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('model', 'text_hash', name=op.f('pk_embeddings'))
    )


def downgrade() -> None:
    op.drop_table('embeddings')
