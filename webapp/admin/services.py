"""Organization writes: roles, stores, users. Each checks its rules and audits."""

from sqlalchemy import func, select

from webapp import audit
from webapp.auth.services import create_invitation
from webapp.extensions import db
from webapp.links import external_url
from webapp.mail import queue_email
from webapp.models import Location, Organization, Role, User
from webapp.validation import FieldError

ADMIN_PERMISSION = "manage_roles"


def _role_managers(organization_id: int, *, without_user=None, role_override=None) -> int:
    """Count active users who could still manage roles after a proposed change."""
    users = db.session.scalars(select(User).where(User.organization_id == organization_id,
                                                  User.active.is_(True))).all()
    count = 0
    for user in users:
        if without_user is not None and user.id == without_user.id:
            continue
        for role in user.roles:
            perms = role_override[1] if role_override and role.id == role_override[0] \
                else role.permissions
            if ADMIN_PERMISSION in perms:
                count += 1
                break
    return count


def save_role(organization: Organization, actor: User, *, name: str, permissions,
              role: Role | None = None) -> Role:
    """Create or update a role; the organization keeps someone who can manage roles."""
    name = name.strip()
    clash = db.session.scalar(select(Role).where(Role.organization_id == organization.id,
                                                 func.lower(Role.name) == name.lower()))
    if clash is not None and clash is not role:
        raise FieldError("name", "Another role already has this name.")
    if role is not None and ADMIN_PERMISSION not in permissions and \
            _role_managers(organization.id, role_override=(role.id, set(permissions))) == 0:
        raise FieldError("permissions", "Keep “Role Management” on this role: no other active "
                                        "user could manage roles without it.")
    created = role is None
    if created:
        role = Role(organization_id=organization.id)
        db.session.add(role)
    before = sorted(role.permissions)
    role.name = name
    role.permissions = permissions
    db.session.flush()
    audit.record("role.created" if created else "role.updated", actor=actor, target=role,
                 summary=f"Role “{role.name}” {'created' if created else 'updated'}",
                 details={"permissions": sorted(role.permissions), "before": before})
    db.session.commit()
    return role


def _check_email(email: str, user: User | None) -> str:
    """A unique e-mail address (sign-in names are global)."""
    email = email.strip().lower()
    clash = db.session.scalar(select(User).where(func.lower(User.email) == email))
    if clash is not None and clash is not user:
        raise FieldError("email", "A user with this e-mail address already exists.")
    return email


def _pick(model, ids, organization_id):
    """Rows of the organization among the given ids."""
    if not ids:
        return []
    return list(db.session.scalars(select(model).where(model.id.in_(ids),
                                                       model.organization_id == organization_id)))


def create_user(organization: Organization, actor: User, *, name, email, role_ids,
                location_ids, password=None) -> tuple[User, str | None]:
    """Create a user; returns it and, without a password, a one-time invitation token."""
    user = User(organization_id=organization.id, name=name.strip(),
                email=_check_email(email, None))
    user.roles = _pick(Role, role_ids, organization.id)
    user.locations = _pick(Location, location_ids, organization.id)
    db.session.add(user)
    token = None
    if password:
        user.set_password(password)
    else:
        token = create_invitation(user, actor)
    db.session.flush()
    if token:
        _email_invitation(user, token, actor)
    audit.record("user.created", actor=actor, target=user,
                 summary=f"User {user.email} created",
                 details={"roles": [r.name for r in user.roles],
                          "locations": [loc.name for loc in user.locations],
                          "onboarding": "password" if password else "invitation"})
    db.session.commit()
    return user, token


def update_user(user: User, actor: User, *, name, email, role_ids, location_ids) -> User:
    """Change a user's details, roles and stores, keeping a role manager."""
    user.name = name.strip()
    user.email = _check_email(email, user)
    before = {"roles": [r.name for r in user.roles], "locations": [x.name for x in user.locations]}
    user.roles = _pick(Role, role_ids, user.organization_id)
    user.locations = _pick(Location, location_ids, user.organization_id)
    db.session.flush()
    if _role_managers(user.organization_id) == 0:
        db.session.rollback()
        raise FieldError("roles", "Keep a role with “Role Management”: nobody else could "
                                  "manage roles.")
    audit.record("user.updated", actor=actor, target=user, summary=f"User {user.email} updated",
                 details={"roles": [r.name for r in user.roles],
                          "locations": [x.name for x in user.locations], "before": before})
    db.session.commit()
    return user


def set_user_active(user: User, actor: User, active: bool) -> None:
    """Deactivate (signing out every session) or reactivate a user."""
    if not active:
        if user.id == actor.id:
            raise FieldError("user", "You cannot deactivate your own account.")
        if _role_managers(user.organization_id, without_user=user) == 0:
            raise FieldError("user", "This is the last active user who can manage roles.")
        user.session_version += 1
    user.active = active
    audit.record("user.reactivated" if active else "user.deactivated", actor=actor, target=user,
                 summary=f"User {user.email} {'reactivated' if active else 'deactivated'}")
    db.session.commit()


def new_invitation(user: User, actor: User) -> str:
    """Issue a fresh invitation link for a user (the old ones stop working)."""
    token = create_invitation(user, actor)
    _email_invitation(user, token, actor)
    audit.record("user.invited", actor=actor, target=user,
                 summary=f"Invitation link issued for {user.email}")
    db.session.commit()
    return token


def _email_invitation(user: User, token: str, actor: User) -> None:
    """Queue the invitation e-mail in the caller's transaction (the link is shown too)."""
    queue_email(to=[user.email], subject=f"{actor.name} invited you to TraceBridge",
                template="app_invitation",
                context={"name": user.name, "inviter": actor.name,
                         "organization": user.organization.name if user.organization else "",
                         "link_url": external_url("auth.accept_invitation", token=token)},
                organization_id=user.organization_id)
