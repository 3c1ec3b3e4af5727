"""The SQL forms of User.can and User.can_access answer as the Python ones do."""
from sqlalchemy import select

from tests.fixtures.world import make_user
from webapp.extensions import db
from webapp.models import Location, User
from webapp.models.user import PERMISSIONS


def test_sql_rules_match_the_model(app, world):
    """Every user × store × permission, with users of no role, no store and two roles."""
    a, b = world.a, world.b
    nobody = make_user(a.org, "nobody@a.test")
    one_store = make_user(a.org, "one@a.test", permissions={"view_reports"},
                          locations=[a.uptown])
    one_store.roles.append(a.clerk.roles[0])  # two roles: either may grant
    db.session.commit()
    users = [a.admin, a.clerk, b.admin, nobody, one_store]
    stores = db.session.scalars(select(Location)).all()
    for user in users:
        for store in stores:
            works = db.session.scalar(select(User.works_at_sql(store)).where(User.id == user.id))
            assert bool(works) == user.can_access(store), (user.email, store.id)
        for permission in PERMISSIONS:
            may = db.session.scalar(select(User.may_sql(permission)).where(User.id == user.id))
            assert bool(may) == user.can(permission), (user.email, permission)
