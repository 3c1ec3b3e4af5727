"""scheduler job status (runs, failures, heartbeat)

Revision ID: 0013_operations
Revises: 0006
"""
from alembic import op
import sqlalchemy as sa

revision = '0013_operations'
down_revision = '0008_hardening'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('job_status',
    sa.Column('job_id', sa.String(length=60), nullable=False),
    sa.Column('runs', sa.Integer(), nullable=False),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('last_run_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_success_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_failure_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_duration_ms', sa.Integer(), nullable=True),
    sa.PrimaryKeyConstraint('job_id', name=op.f('pk_job_status'))
    )


def downgrade():
    op.drop_table('job_status')
