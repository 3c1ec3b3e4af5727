"""What every BioTrack Users page needs: the store's grant and the integration's admin account."""
from dataclasses import dataclass
from functools import wraps

from flask import flash, g, redirect, render_template, request, url_for
from werkzeug.routing import BuildError

from webapp.biotrack import Credentials, Grant
from webapp.config_page.integration.authorizations import (credentials_of, grant_of,
                                                           usable_authorization)
from webapp.models import Authorization, Location

INTEGRATION_PATH = "/config/integration/"
NEEDS_AUTHORIZATION = ("{store} has no active BioTrack integrator authorization, so BioTrack users "
                       "cannot be managed from here yet.")


@dataclass(frozen=True)
class StoreAccess:
    """The selected store's way into BioTrack's user management."""

    location: Location
    auth: Authorization
    grant: Grant
    admin: Credentials  # the account the integration uses

    @property
    def license(self) -> str:
        """The store's BioTrack license."""
        return self.auth.license

    @property
    def ubi(self) -> str:
        """The company's UBI, as the authorization names it."""
        return self.auth.ubi

    def is_integration_account(self, username: str) -> bool:
        """Whether this BioTrack username is the account the integration uses."""
        return username.lower() == self.auth.username.lower()


def store_access(location: Location | None) -> StoreAccess | None:
    """The store's access, or None without a usable (granted, unexpired) authorization."""
    auth = usable_authorization(location) if location is not None else None
    if auth is None:
        return None
    return StoreAccess(location, auth, grant_of(auth), credentials_of(auth))


def integration_page_url() -> str:
    """Config Page > Integration (its blueprint may not be registered in every build)."""
    try:
        return url_for("integration.index")
    except BuildError:
        return INTEGRATION_PATH


def with_store_access(view):
    """Pass the store's StoreAccess to the view; without one, say so and link to Integration."""
    @wraps(view)
    def wrapped(*args, **kwargs):
        """Run the view with the store's access, or explain why there is none."""
        access = store_access(g.location)
        if access is not None:
            return view(access, *args, **kwargs)
        message = NEEDS_AUTHORIZATION.format(store=g.location.name)
        if request.method == "POST":
            flash(message, "error")
            return redirect(url_for("biotrack_users.index"))
        return render_template("biotrack_users/needs_authorization.html", message=message,
                               integration_url=integration_page_url())
    return wrapped
