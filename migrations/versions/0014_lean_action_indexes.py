"""Lean action indexes: drop three that no query uses any more

Every recorded action writes one entry per index. These three are served by others:
(performed_by_id) is the prefix of ix_action_performer_recent; (location_id, created_at) was the
delivery log's order before it moved to performed_at (ix_action_log); (organization_id) alone
is never a filter on actions (the employee's recent actions use ix_action_performer_recent).

Revision ID: 0014_lean_action_indexes
Revises: 0009_api_v1
"""
from alembic import op

revision = "0014_lean_action_indexes"
down_revision = "0009_api_v1"
branch_labels = None
depends_on = None

DROPPED = (("ix_action_performed_by_id", ["performed_by_id"]),
           ("ix_action_location_created", ["location_id", "created_at"]),
           ("ix_action_organization_id", ["organization_id"]))


def upgrade():
    for name, _ in DROPPED:
        op.drop_index(name, table_name="action")


def downgrade():
    for name, columns in DROPPED:
        op.create_index(name, "action", columns)
