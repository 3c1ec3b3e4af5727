"""Who is signed in, and which store they are working in."""
from urllib.parse import urlsplit

from flask import g, jsonify, request, session, url_for, redirect
from flask_login import current_user

from webapp.extensions import db, login_manager
from webapp.htmx import client_redirect, wants_fragment
from webapp.models import Location, User

LOCATION_KEY = "location_id"


def init_app(app):
    """Configure flask-login and the per-request store."""
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please sign in to continue."
    login_manager.login_message_category = "info"
    login_manager.session_protection = "strong"
    login_manager.user_loader(load_user)
    login_manager.unauthorized_handler(unauthorized)
    app.before_request(load_location)


def load_user(user_id: str):
    """Load the user of a session id "<id>:<session version>"; stale versions sign out."""
    try:
        uid, version = (int(part) for part in user_id.split(":"))
    except ValueError:
        return None
    user = db.session.get(User, uid)
    if user is None or not user.active or user.session_version != version:
        return None
    return user


def _coming_from() -> str | None:
    """The page to return to after signing in, as a clean local path (None for the home page)."""
    if request.method == "GET":
        path, query = request.path, request.query_string.decode("latin-1")
    else:
        current = urlsplit(request.headers.get("HX-Current-URL") or "")
        path, query = current.path, current.query
    target = path + (f"?{query}" if query else "")
    return target if target not in ("", "/") else None


def sign_in_url() -> str:
    """The sign-in page, leading back to where the visitor was."""
    return url_for("auth.login", next=_coming_from())


def unauthorized():
    """Send anonymous users to sign in, in the way their client understands."""
    login_url = sign_in_url()
    if wants_fragment() or request.headers.get("HX-Request"):
        # Never swap a login page into a fragment: reload the whole page instead.
        return client_redirect(login_url, status=401)
    if request.accept_mimetypes.best == "application/json" or request.path.startswith("/api/"):
        return jsonify(error={"code": "unauthenticated", "message": "Sign in first."}), 401
    from flask import flash
    flash(login_manager.login_message, "info")
    return redirect(login_url)


def load_location():
    """Put the selected store on g, falling back to the user's first store."""
    g.location = None
    if not current_user.is_authenticated:
        return
    locations = [loc for loc in current_user.locations if loc.active]
    chosen = next((loc for loc in locations if loc.id == session.get(LOCATION_KEY)), None)
    if chosen is None and locations:
        chosen = locations[0]
        session[LOCATION_KEY] = chosen.id
    g.location = chosen
    g.user_locations = locations


def select_location(location: Location) -> None:
    """Remember the store the user chose for the rest of the session."""
    session[LOCATION_KEY] = location.id
    g.location = location
