"""The analyst's own claim boundaries: judgements may split a claim in two or merge two claims.

Only the judgements' kind check widens (the pieces' texts are kept as anchors, like every other
judgement's claims). SQLite rebuilds the table in batch mode, keeping its rows and ids; dropping
the old table would cascade to the judgements' anchors (foreign keys are on, and cannot be turned
off inside the migration's transaction), so they are copied aside first and put back after.

Revision ID: 0004
Revises: 0003
"""

from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

BEFORE = "kind IN ('link', 'unlink', 'relation', 'reviewed')"
AFTER = "kind IN ('link', 'unlink', 'relation', 'reviewed', 'split', 'merge')"


def _kinds(check: str) -> None:
    sqlite = op.get_bind().dialect.name == 'sqlite'
    if sqlite:
        op.execute("CREATE TEMPORARY TABLE judgement_anchors_kept AS SELECT * FROM anchors WHERE judgement_id IS NOT NULL")
    with op.batch_alter_table('judgements', schema=None, table_kwargs={'sqlite_autoincrement': True}) as batch_op:
        batch_op.drop_constraint(op.f('ck_judgements_kind'), type_='check')
        batch_op.create_check_constraint('kind', check)
    if sqlite:
        op.execute("INSERT INTO anchors SELECT * FROM judgement_anchors_kept WHERE id NOT IN (SELECT id FROM anchors)")
        op.execute("DROP TABLE judgement_anchors_kept")


def upgrade() -> None:
    _kinds(AFTER)


def downgrade() -> None:
    # A library with splits or merges cannot go back: those judgements would break the old check.
    op.execute("DELETE FROM judgements WHERE kind IN ('split', 'merge')")
    _kinds(BEFORE)
