"""Organization writes: roles, stores, users. Each checks its rules and audits."""

from sqlalchemy import func, select, update

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


def save_location(organization: Organization, actor: User, *, name: str,
                  biotrack_license: str | None, ocm_license: str | None, time_zone: str,
                  location: Location | None = None, default_intake: bool | None = None,
                  report_sales: bool | None = None) -> Location:
    """Create or update a store; license numbers are unique within the organization.

    default_intake / report_sales: None leaves them as they are; a new default intake
    location replaces the previous one (there is at most one per organization).
    """
    others = select(Location).where(Location.organization_id == organization.id)
    if location is not None:
        others = others.where(Location.id != location.id)
    if db.session.scalar(others.where(func.lower(Location.name) == name.strip().lower())):
        raise FieldError("name", "Another store already has this name.")
    if biotrack_license and db.session.scalar(
            others.where(Location.biotrack_license == biotrack_license)):
        raise FieldError("biotrack_license", "Another store already uses this BioTrack license.")
    created = location is None
    if created:
        location = Location(organization_id=organization.id)
        db.session.add(location)
    before = {"name": location.name, "biotrack_license": location.biotrack_license,
              "ocm_license": location.ocm_license, "time_zone": location.time_zone,
              "default_intake": location.default_intake, "report_sales": location.report_sales}
    location.name = name.strip()
    location.biotrack_license = biotrack_license
    location.ocm_license = ocm_license
    location.time_zone = time_zone
    replaced = _claim_default_intake(organization, location) if default_intake else None
    if default_intake is not None:
        location.default_intake = default_intake
    if report_sales is not None:
        location.report_sales = report_sales
    if created and location not in actor.locations:
        # Whoever creates a store can work in it straight away.
        actor.locations.append(location)
    db.session.flush()
    audit.record("location.created" if created else "location.updated", actor=actor,
                 target=location, location_id=location.id,
                 summary=f"Store “{location.name}” {'created' if created else 'updated'}",
                 details={"biotrack_license": biotrack_license, "ocm_license": ocm_license,
                          "time_zone": time_zone, "default_intake": location.default_intake,
                          "report_sales": location.report_sales,
                          "replaced_default_intake": replaced,
                          "before": None if created else before})
    db.session.commit()
    return location


def _claim_default_intake(organization: Organization, location: Location) -> str | None:
    """Clear the organization's other default intake location; returns its name, if any."""
    others = select(Location).where(Location.organization_id == organization.id,
                                    Location.default_intake.is_(True))
    if location.id is not None:
        others = others.where(Location.id != location.id)
    previous = db.session.scalar(others)
    if previous is None:
        return None
    # Its own statement, flushed before the new default is set: the unique index is per row.
    db.session.execute(update(Location).where(Location.id == previous.id)
                       .values(default_intake=False))
    return previous.name


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
