"""The demo organization (README, Demo logins), created idempotently."""
from sqlalchemy import select

from webapp.extensions import db
from webapp.models import PERMISSIONS, Location, Organization, Role, User

# The company UBI (600123456) is left for Settings > BioTrack integration, step 1.
DEMO_ORG = "Demo Dispensary"
DEMO_LOCATIONS = (
    ("Downtown", "NY-RET-000101", "OCM-RETL-24-000101"),
    ("Uptown", "NY-RET-000102", "OCM-RETL-24-000102"),
)
DEMO_USERS = (
    ("admin@demo.test", "Avery Admin", "demo-admin", "Admin"),
    ("clerk@demo.test", "Casey Clerk", "demo-clerk", "Clerk"),
)
DEMO_ROLES = {"Admin": set(PERMISSIONS), "Clerk": {"perform_actions"}}
# Features add callables(organization) that seed their own demo data.
SEEDERS = []


def seed() -> Organization:
    """Create whatever part of the demo is missing; never duplicates, never resets."""
    org = db.session.scalar(select(Organization).where(Organization.name == DEMO_ORG))
    if org is None:
        org = Organization(name=DEMO_ORG)
        db.session.add(org)
        db.session.flush()
    locations = []
    for name, license_no, ocm in DEMO_LOCATIONS:
        loc = db.session.scalar(select(Location).where(Location.organization_id == org.id,
                                                       Location.name == name))
        if loc is None:
            loc = Location(organization_id=org.id, name=name, biotrack_license=license_no,
                           ocm_license=ocm)
            db.session.add(loc)
        locations.append(loc)
    roles = {}
    for name, perms in DEMO_ROLES.items():
        role = db.session.scalar(select(Role).where(Role.organization_id == org.id,
                                                    Role.name == name))
        if role is None:
            role = Role(organization_id=org.id, name=name)
            role.permissions = perms
            db.session.add(role)
        roles[name] = role
    for email, name, password, role_name in DEMO_USERS:
        if db.session.scalar(select(User).where(User.email == email)) is None:
            user = User(organization_id=org.id, email=email, name=name)
            user.set_password(password)
            user.roles = [roles[role_name]]
            user.locations = list(locations)
            db.session.add(user)
    db.session.flush()
    for seeder in SEEDERS:
        seeder(org)
    db.session.commit()
    return org
