"""linked credentials: employees' own BioTrack sign-ins, one live per user and license

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 13:29:22.794960

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


LIVE = sa.text("status IN ('valid', 'invalid')")


def upgrade():
    op.create_table('linked_credential',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('provider', sa.String(length=20), nullable=False),
    sa.Column('ubi', sa.String(length=9), nullable=False),
    sa.Column('license', sa.String(length=40), nullable=False),
    sa.Column('username', sa.String(length=254), nullable=False),
    sa.Column('password', sa.Text(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('invalid_code', sa.String(length=40), nullable=True),
    sa.Column('invalid_reason', sa.String(length=300), nullable=True),
    sa.Column('invalid_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_verified_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('checked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('removed_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['organization_id'], ['organization.id'], name=op.f('fk_linked_credential_organization_id_organization')),
    sa.ForeignKeyConstraint(['user_id'], ['app_user.id'], name=op.f('fk_linked_credential_user_id_app_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_linked_credential'))
    )
    with op.batch_alter_table('linked_credential', schema=None) as batch_op:
        batch_op.create_index('ix_linked_credential_org_license', ['organization_id', 'license'], unique=False)
        batch_op.create_index('ix_linked_credential_status_checked', ['status', 'checked_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_linked_credential_user_id'), ['user_id'], unique=False)
        batch_op.create_index('uq_linked_credential_live', ['user_id', 'license'], unique=True, sqlite_where=LIVE, postgresql_where=LIVE)



def downgrade():
    with op.batch_alter_table('linked_credential', schema=None) as batch_op:
        batch_op.drop_index('uq_linked_credential_live', sqlite_where=LIVE, postgresql_where=LIVE)
        batch_op.drop_index(batch_op.f('ix_linked_credential_user_id'))
        batch_op.drop_index('ix_linked_credential_status_checked')
        batch_op.drop_index('ix_linked_credential_org_license')

    op.drop_table('linked_credential')
