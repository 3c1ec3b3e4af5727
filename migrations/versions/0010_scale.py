"""the delivery log at scale: keyset indexes, per-day delivered figures

Delivery.performed_at / performed_by_id (copied from the action, filled here), the log's
indexes in performed order, and delivered_day (filled here from the delivered history).

Revision ID: 0010_scale
Revises: 0006
Create Date: 2026-12-02 02:50:00

"""
from collections import Counter
from datetime import timezone
from zoneinfo import ZoneInfo

from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = '0010_scale'
down_revision = '0012_daily_work'
branch_labels = None
depends_on = None
UTC = timezone.utc


def upgrade():
    with op.batch_alter_table('delivery', schema=None) as batch_op:
        batch_op.add_column(sa.Column('performed_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('performed_by_id', sa.Integer(), nullable=True))
    op.execute("UPDATE delivery SET performed_at = (SELECT performed_at FROM action WHERE "
               "action.id = delivery.action_id), performed_by_id = (SELECT performed_by_id "
               "FROM action WHERE action.id = delivery.action_id)")
    with op.batch_alter_table('delivery', schema=None) as batch_op:
        batch_op.alter_column('performed_at', existing_type=sa.DateTime(timezone=True),
                              nullable=False)
        batch_op.alter_column('performed_by_id', existing_type=sa.Integer(), nullable=False)
        batch_op.create_foreign_key(batch_op.f('fk_delivery_performed_by_id_app_user'),
                                    'app_user', ['performed_by_id'], ['id'])
        batch_op.drop_index('ix_delivery_location_status')
        batch_op.create_index('ix_delivery_log_status',
                              ['location_id', 'status', 'performed_at', 'action_id'],
                              unique=False)
        batch_op.create_index('ix_delivery_performer_status', ['performed_by_id', 'status'],
                              unique=False)
        # Deleting a delivery checks for refunds that depend on it: without this, a scan each.
        batch_op.create_index(batch_op.f('ix_delivery_depends_on_id'), ['depends_on_id'],
                              unique=False)
    with op.batch_alter_table('action', schema=None) as batch_op:
        batch_op.create_index('ix_action_log', ['location_id', 'performed_at', 'id'],
                              unique=False)
        batch_op.create_index('ix_action_log_kind', ['location_id', 'kind', 'performed_at',
                                                     'id'], unique=False)
        batch_op.create_index('ix_action_log_performer', ['location_id', 'performed_by_id',
                                                          'performed_at', 'id'], unique=False)
    op.create_table('delivered_day',
    sa.Column('location_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('performed_by_id', sa.Integer(), nullable=False),
    sa.Column('delivered', sa.Integer(), nullable=False),
    sa.Column('as_performer', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['location_id'], ['location.id'], name=op.f('fk_delivered_day_location_id_location')),
    sa.ForeignKeyConstraint(['performed_by_id'], ['app_user.id'], name=op.f('fk_delivered_day_performed_by_id_app_user')),
    sa.PrimaryKeyConstraint('location_id', 'day', 'performed_by_id', name=op.f('pk_delivered_day'))
    )
    _fill_delivered_days(op.get_bind())


def _fill_delivered_days(conn):
    """Count the delivered history once, per store day in the store's zone (streamed)."""
    table = sa.table('delivered_day', sa.column('location_id'), sa.column('day'),
                     sa.column('performed_by_id'), sa.column('delivered'),
                     sa.column('as_performer'))
    for location_id, zone_name in conn.execute(sa.text("SELECT id, time_zone FROM location")
                                               ).all():
        zone = ZoneInfo(zone_name)
        delivered, linked = Counter(), Counter()
        rows = conn.execute(sa.text(
            "SELECT delivered_at, performed_by_id, credential_source FROM delivery "
            "WHERE location_id = :id AND status = 'delivered' AND delivered_at IS NOT NULL"
        ).columns(sa.column('delivered_at', sa.DateTime()), sa.column('performed_by_id'),
                  sa.column('credential_source')), {"id": location_id})
        for at, user_id, source in rows:
            at = at if at.tzinfo else at.replace(tzinfo=UTC)
            key = (at.astimezone(zone).date(), user_id)
            delivered[key] += 1
            linked[key] += source == "linked"
        if delivered:
            op.bulk_insert(table, [
                {"location_id": location_id, "day": day, "performed_by_id": user_id,
                 "delivered": n, "as_performer": linked[(day, user_id)]}
                for (day, user_id), n in delivered.items()])


def downgrade():
    op.drop_table('delivered_day')
    with op.batch_alter_table('action', schema=None) as batch_op:
        batch_op.drop_index('ix_action_log_performer')
        batch_op.drop_index('ix_action_log_kind')
        batch_op.drop_index('ix_action_log')
    with op.batch_alter_table('delivery', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_delivery_depends_on_id'))
        batch_op.drop_index('ix_delivery_performer_status')
        batch_op.drop_index('ix_delivery_log_status')
        batch_op.create_index('ix_delivery_location_status', ['location_id', 'status'],
                              unique=False)
        batch_op.drop_constraint(batch_op.f('fk_delivery_performed_by_id_app_user'),
                                 type_='foreignkey')
        batch_op.drop_column('performed_by_id')
        batch_op.drop_column('performed_at')
