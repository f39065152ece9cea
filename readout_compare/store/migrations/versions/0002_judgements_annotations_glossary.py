"""The analyst's judgements and annotations (anchored to claims by their text), and the glossary.

Revision ID: 0002
Revises: 0001
"""

from alembic import op
import sqlalchemy as sa

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('judgements',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('value', sa.String(length=20), nullable=False),
    sa.Column('author', sa.String(length=200), nullable=False),
    sa.Column('created', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("kind IN ('link', 'unlink', 'relation', 'reviewed')", name=op.f('ck_judgements_kind')),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_judgements_event_id_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_judgements')),
    sqlite_autoincrement=True,
    )
    with op.batch_alter_table('judgements', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_judgements_event_id'), ['event_id'], unique=False)

    op.create_table('annotations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('tag', sa.String(length=200), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('author', sa.String(length=200), nullable=False),
    sa.Column('created', sa.DateTime(timezone=True), nullable=False),
    sa.Column('changed', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_annotations_event_id_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_annotations')),
    sqlite_autoincrement=True,
    )
    with op.batch_alter_table('annotations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_annotations_event_id'), ['event_id'], unique=False)

    op.create_table('anchors',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('judgement_id', sa.Integer(), nullable=True),
    sa.Column('annotation_id', sa.Integer(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('account', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=20), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('text_hash', sa.String(length=64), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('claim_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('(judgement_id IS NULL) <> (annotation_id IS NULL)', name=op.f('ck_anchors_one_owner')),
    sa.ForeignKeyConstraint(['annotation_id'], ['annotations.id'], name=op.f('fk_anchors_annotation_id_annotations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['claim_id'], ['claims.id'], name=op.f('fk_anchors_claim_id_claims'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['judgement_id'], ['judgements.id'], name=op.f('fk_anchors_judgement_id_judgements'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_anchors'))
    )
    with op.batch_alter_table('anchors', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_anchors_annotation_id'), ['annotation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_anchors_claim_id'), ['claim_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_anchors_judgement_id'), ['judgement_id'], unique=False)

    op.create_table('glossary_groups',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('terms', sa.JSON(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('changed', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_glossary_groups'))
    )


def downgrade() -> None:
    op.drop_table('glossary_groups')
    op.drop_table('anchors')
    op.drop_table('annotations')
    op.drop_table('judgements')
