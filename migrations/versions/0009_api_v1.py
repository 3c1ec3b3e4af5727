"""API v1: an index to page through a store's actions by id

Revision ID: 0009_api_v1
Revises: 0006
"""
from alembic import op

revision = "0009_api_v1"
down_revision = '0010_scale'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_action_location_id", "action", ["location_id", "id"])


def downgrade():
    op.drop_index("ix_action_location_id", table_name="action")
