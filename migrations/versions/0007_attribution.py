"""attribution: BioTrack user owners, remembered store, identity of the last attempt

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
    op.create_table(
        'biotrack_owner',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('organization_id', sa.Integer(), nullable=False),
        sa.Column('username', sa.String(length=254), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('assigned_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['assigned_by_id'], ['app_user.id'],
                                name=op.f('fk_biotrack_owner_assigned_by_id_app_user'),
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['organization_id'], ['organization.id'],
                                name=op.f('fk_biotrack_owner_organization_id_organization')),
        sa.ForeignKeyConstraint(['user_id'], ['app_user.id'],
                                name=op.f('fk_biotrack_owner_user_id_app_user'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_biotrack_owner')),
        sa.UniqueConstraint('organization_id', 'username',
                            name=op.f('uq_biotrack_owner_organization_id_username')))
    with op.batch_alter_table('biotrack_owner', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_biotrack_owner_user_id'), ['user_id'], unique=False)
    with op.batch_alter_table('app_user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('last_location_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_app_user_last_location_id_location'),
                                    'location', ['last_location_id'], ['id'], ondelete='SET NULL')
    with op.batch_alter_table('delivery', schema=None) as batch_op:
        batch_op.add_column(sa.Column('attempted_as', sa.String(length=254), nullable=True))
        batch_op.add_column(sa.Column('attempted_source', sa.String(length=10), nullable=True))
    with op.batch_alter_table('action', schema=None) as batch_op:
        batch_op.create_index('ix_action_performer_recent', ['performed_by_id', 'id'], unique=False)


def downgrade():
    with op.batch_alter_table('action', schema=None) as batch_op:
        batch_op.drop_index('ix_action_performer_recent')
    with op.batch_alter_table('delivery', schema=None) as batch_op:
        batch_op.drop_column('attempted_source')
        batch_op.drop_column('attempted_as')
    with op.batch_alter_table('app_user', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_app_user_last_location_id_location'),
                                 type_='foreignkey')
        batch_op.drop_column('last_location_id')
    with op.batch_alter_table('biotrack_owner', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_biotrack_owner_user_id'))
    op.drop_table('biotrack_owner')
