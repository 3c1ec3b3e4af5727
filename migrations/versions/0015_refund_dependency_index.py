"""Refund dependency index: only refunds have one

ix_delivery_depends_on_id held an entry for every delivery, though only a refund depends on
another (its sale's): every recorded sale wrote a NULL entry no query reads, one of the ~17
pages a recorded action writes. Kept for the rows that have a dependency, so looking up a
sale's refunds (and the foreign key's checks) can still use it.

Revision ID: 0015_refund_dependency_index
Revises: 0014_lean_action_indexes
"""
from alembic import op
import sqlalchemy as sa

revision = "0015_refund_dependency_index"
down_revision = "0014_lean_action_indexes"
branch_labels = None
depends_on = None

NAME, TABLE, COLUMNS = "ix_delivery_depends_on_id", "delivery", ["depends_on_id"]
HAS_ONE = sa.text("depends_on_id IS NOT NULL")


def upgrade():
    op.drop_index(NAME, table_name=TABLE)
    op.create_index(NAME, TABLE, COLUMNS, sqlite_where=HAS_ONE, postgresql_where=HAS_ONE)


def downgrade():
    op.drop_index(NAME, table_name=TABLE)
    op.create_index(NAME, TABLE, COLUMNS)
