"""stores' inventory on hand, cached from BioTrack

Revision ID: 0012_daily_work
Revises: 0006
Create Date: 2026-12-02 02:50:00

"""
from alembic import op
import sqlalchemy as sa

revision = '0012_daily_work'
down_revision = '0013_operations'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('stock_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('location_id', sa.Integer(), nullable=False),
    sa.Column('barcode', sa.String(length=16), nullable=False),
    sa.Column('product', sa.String(length=200), nullable=False),
    sa.Column('quantity', sa.String(length=40), nullable=False),
    sa.Column('uom', sa.String(length=20), nullable=False),
    sa.ForeignKeyConstraint(['location_id'], ['location.id'], name=op.f('fk_stock_item_location_id_location'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organization_id'], ['organization.id'], name=op.f('fk_stock_item_organization_id_organization')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stock_item')),
    sa.UniqueConstraint('location_id', 'barcode', name=op.f('uq_stock_item_location_id_barcode'))
    )
    with op.batch_alter_table('stock_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_stock_item_organization_id'), ['organization_id'], unique=False)

    op.create_table('stock_snapshot',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('location_id', sa.Integer(), nullable=False),
    sa.Column('refreshed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('attempted_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('item_count', sa.Integer(), nullable=False),
    sa.Column('error', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['location_id'], ['location.id'], name=op.f('fk_stock_snapshot_location_id_location'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organization_id'], ['organization.id'], name=op.f('fk_stock_snapshot_organization_id_organization')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stock_snapshot')),
    sa.UniqueConstraint('location_id', name=op.f('uq_stock_snapshot_location_id'))
    )
    with op.batch_alter_table('stock_snapshot', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_stock_snapshot_organization_id'), ['organization_id'], unique=False)


def downgrade():
    with op.batch_alter_table('stock_snapshot', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_stock_snapshot_organization_id'))
    op.drop_table('stock_snapshot')
    with op.batch_alter_table('stock_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_stock_item_organization_id'))
    op.drop_table('stock_item')
