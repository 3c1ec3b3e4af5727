"""e-mail outbox, expiry warning ledger, extra notification recipients per store

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 13:32:13.654835

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('mail_outbox',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=True),
    sa.Column('location_id', sa.Integer(), nullable=True),
    sa.Column('recipient', sa.String(length=254), nullable=False),
    sa.Column('subject', sa.String(length=300), nullable=False),
    sa.Column('template', sa.String(length=80), nullable=False),
    sa.Column('body_text', sa.Text(), nullable=False),
    sa.Column('body_html', sa.Text(), nullable=False),
    sa.Column('message_id', sa.String(length=255), nullable=False),
    sa.Column('group_key', sa.String(length=200), nullable=True),
    sa.Column('dedupe_key', sa.String(length=255), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('claim_token', sa.String(length=32), nullable=True),
    sa.Column('lease_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['location_id'], ['location.id'], name=op.f('fk_mail_outbox_location_id_location'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['organization_id'], ['organization.id'], name=op.f('fk_mail_outbox_organization_id_organization')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mail_outbox')),
    sa.UniqueConstraint('dedupe_key', name=op.f('uq_mail_outbox_dedupe_key'))
    )
    with op.batch_alter_table('mail_outbox', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mail_outbox_group_key'), ['group_key'], unique=False)
        batch_op.create_index('ix_mail_outbox_org_created', ['organization_id', 'created_at'], unique=False)
        batch_op.create_index('ix_mail_outbox_status_next_attempt', ['status', 'next_attempt_at'], unique=False)

    op.create_table('notification_recipient',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('location_id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['app_user.id'], name=op.f('fk_notification_recipient_created_by_id_app_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['location_id'], ['location.id'], name=op.f('fk_notification_recipient_location_id_location'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organization_id'], ['organization.id'], name=op.f('fk_notification_recipient_organization_id_organization')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notification_recipient')),
    sa.UniqueConstraint('location_id', 'email', name=op.f('uq_notification_recipient_location_id_email'))
    )
    with op.batch_alter_table('notification_recipient', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notification_recipient_organization_id'), ['organization_id'], unique=False)

    op.create_table('expiry_warning',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('authorization_id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('location_id', sa.Integer(), nullable=False),
    sa.Column('grant_id', sa.String(length=80), nullable=True),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('threshold', sa.Integer(), nullable=False),
    sa.Column('days_left', sa.Integer(), nullable=False),
    sa.Column('recipients', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['authorization_id'], ['integrator_authorization.id'], name=op.f('fk_expiry_warning_authorization_id_integrator_authorization'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['location_id'], ['location.id'], name=op.f('fk_expiry_warning_location_id_location'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organization_id'], ['organization.id'], name=op.f('fk_expiry_warning_organization_id_organization')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_expiry_warning')),
    sa.UniqueConstraint('authorization_id', 'expires_at', 'threshold', name=op.f('uq_expiry_warning_authorization_id_expires_at_threshold'))
    )
    with op.batch_alter_table('expiry_warning', schema=None) as batch_op:
        batch_op.create_index('ix_expiry_warning_location_created', ['location_id', 'created_at'], unique=False)



def downgrade():
    with op.batch_alter_table('expiry_warning', schema=None) as batch_op:
        batch_op.drop_index('ix_expiry_warning_location_created')

    op.drop_table('expiry_warning')
    with op.batch_alter_table('notification_recipient', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notification_recipient_organization_id'))

    op.drop_table('notification_recipient')
    with op.batch_alter_table('mail_outbox', schema=None) as batch_op:
        batch_op.drop_index('ix_mail_outbox_status_next_attempt')
        batch_op.drop_index('ix_mail_outbox_org_created')
        batch_op.drop_index(batch_op.f('ix_mail_outbox_group_key'))

    op.drop_table('mail_outbox')
