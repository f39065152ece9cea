"""The library's own state: the glossary's version (saves are checked against it) and whether
the bundled samples have been stored.

Revision ID: 0003
Revises: 0002
"""

from alembic import op
import sqlalchemy as sa

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    state = op.create_table('library_state',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('glossary_version', sa.Integer(), nullable=False),
    sa.Column('samples', sa.String(length=20), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_library_state'))
    )
    # The one row. "samples" stays NULL: whether an existing library got all of them is not known
    # here (store.seed decides, for the embedded library, when it opens).
    op.bulk_insert(state, [{'id': 1, 'glossary_version': 0, 'samples': None}])


def downgrade() -> None:
    op.drop_table('library_state')
