"""App users, roles and the permissions roles grant."""
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Column, ForeignKey, String, Table, UniqueConstraint, and_, exists
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from webapp.models.base import Base, UTCDateTime, utcnow
from webapp.models.org import Location, Organization

# Names as the vendors' help articles call them; labels are what Role Management shows.
PERMISSIONS = {
    "config_page": "Configuration > Config Page",
    "manage_biotrack_users": "Manage BioTrack users",
    "manage_roles": "Role Management",
    "manage_organization": "Organization Management (locations, users)",
    "manage_company_settings": "Company BioTrack settings",
    "perform_actions": "Perform actions (sales, refunds, adjustments, receiving, payments)",
    "view_reports": "View BioTrack delivery reports",
}

user_roles = Table(
    "user_role",
    Base.metadata,
    Column("user_id", ForeignKey("app_user.id", ondelete="CASCADE"), primary_key=True),
    Column("role_id", ForeignKey("role.id", ondelete="CASCADE"), primary_key=True),
)

user_locations = Table(
    "user_location",
    Base.metadata,
    Column("user_id", ForeignKey("app_user.id", ondelete="CASCADE"), primary_key=True),
    Column("location_id", ForeignKey("location.id", ondelete="CASCADE"), primary_key=True),
)


class RolePermission(Base):
    """One permission granted by one role."""

    __tablename__ = "role_permission"

    role_id: Mapped[int] = mapped_column(ForeignKey("role.id", ondelete="CASCADE"), primary_key=True)
    permission: Mapped[str] = mapped_column(String(40), primary_key=True)


class Role(Base):
    """A named set of permissions within one organization."""

    __tablename__ = "role"
    __table_args__ = (UniqueConstraint("organization_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organization.id"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    # Loaded with the role: permission checks run on every request.
    grants: Mapped[list[RolePermission]] = relationship(cascade="all, delete-orphan",
                                                        lazy="selectin")

    @property
    def permissions(self) -> set[str]:
        """The permission names this role grants."""
        return {g.permission for g in self.grants}

    @permissions.setter
    def permissions(self, names) -> None:
        """Replace the granted permissions, keeping only known names."""
        wanted = set(names) & PERMISSIONS.keys()
        self.grants = [g for g in self.grants if g.permission in wanted]
        have = {g.permission for g in self.grants}
        self.grants.extend(RolePermission(permission=p) for p in sorted(wanted - have))


class User(UserMixin, Base):
    """A person who signs in to TraceBridge."""

    __tablename__ = "app_user"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organization.id"), index=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str | None] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(default=True)
    # Part of the login cookie's id: bumping it signs out every existing session.
    session_version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The store the user last chose: where the next sign-in lands (a new store never takes over).
    last_location_id: Mapped[int | None] = mapped_column(
        ForeignKey("location.id", ondelete="SET NULL"))

    organization: Mapped[Organization] = relationship()
    # Loaded with the user: every request checks permissions.
    roles: Mapped[list[Role]] = relationship(secondary=user_roles, order_by=Role.name,
                                             lazy="selectin")
    locations: Mapped[list[Location]] = relationship(
        secondary=user_locations, order_by=Location.name
    )
    invitations: Mapped[list["Invitation"]] = relationship(  # noqa: F821
        back_populates="user", foreign_keys="Invitation.user_id", cascade="all, delete-orphan"
    )

    @property
    def is_active(self) -> bool:
        """Deactivated users cannot sign in (flask-login reads this)."""
        return self.active

    def get_id(self) -> str:
        """Identify the session by user and session version."""
        return f"{self.id}:{self.session_version}"

    def set_password(self, password: str) -> None:
        """Hash and store a new password; existing sessions end."""
        self.password_hash = generate_password_hash(password, method="scrypt")
        self.session_version = (self.session_version or 0) + 1

    def check_password(self, password: str) -> bool:
        """Whether the password matches the stored hash."""
        return bool(self.password_hash) and check_password_hash(self.password_hash, password)

    @property
    def permissions(self) -> set[str]:
        """Every permission granted by any of the user's roles."""
        return set().union(*(r.permissions for r in self.roles)) if self.roles else set()

    def can(self, permission: str) -> bool:
        """Whether any role grants the permission."""
        return permission in self.permissions

    def can_access(self, location: Location | None) -> bool:
        """Whether the user may work in this location of their organization."""
        return (
            location is not None
            and location.organization_id == self.organization_id
            and any(loc.id == location.id for loc in self.locations)
        )

    # The same two rules as SQL, for a hot path that asks the database once instead of
    # loading the user's roles, grants and stores (a test holds them equal to the above).
    @classmethod
    def may_sql(cls, permission: str):
        """SQL: whether any role of the user grants the permission."""
        return exists().where(user_roles.c.user_id == cls.id,
                              RolePermission.role_id == user_roles.c.role_id,
                              RolePermission.permission == permission)

    @classmethod
    def works_at_sql(cls, location: Location):
        """SQL: whether the user may work in the location (same organization, assigned)."""
        return and_(cls.organization_id == location.organization_id, exists().where(
            user_locations.c.user_id == cls.id, user_locations.c.location_id == location.id))
