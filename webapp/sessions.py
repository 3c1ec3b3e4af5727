"""Who is signed in, and which store they are working in."""
import hashlib
import secrets
from urllib.parse import urlsplit

from flask import current_app, g, jsonify, request, session, url_for, redirect
from flask_login import current_user, login_user, logout_user, user_logged_in
from sqlalchemy import delete

from webapp.extensions import db, login_manager
from webapp.htmx import client_redirect, wants_fragment
from webapp.models import Location, User, UserSession, utcnow

LOCATION_KEY = "location_id"
# The cookie carries this session's token; the server keeps its digest while it is signed in.
SESSION_TOKEN_KEY = "_sid"
# Blueprints whose callers present a token on every request instead of signing in.
_TOKEN_AUTHENTICATED: set[str] = set()


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
    user_logged_in.connect(land_on_remembered_store, app)


def load_user(user_id: str):
    """Load the user of a session id "<id>:<session version>"; stale versions sign out."""
    try:
        uid, version = (int(part) for part in user_id.split(":"))
    except ValueError:
        return None
    user = db.session.get(User, uid)
    if user is None or not user.active or user.session_version != version:
        return None
    if not _session_is_live(uid):
        return None
    return user


def _digest(token: str) -> str:
    """Session tokens are stored hashed: a database copy signs nobody in."""
    return hashlib.sha256(token.encode()).hexdigest()


def _session_is_live(user_id: int) -> bool:
    """Whether the cookie's session token is one the server still holds for this user."""
    token = session.get(SESSION_TOKEN_KEY)
    if not isinstance(token, str):
        return False
    row = db.session.get(UserSession, _digest(token))
    return row is not None and row.user_id == user_id and row.expires_at > utcnow()


def start_session(user: User) -> None:
    """Sign the user in on a fresh session the server remembers (until sign-out or expiry)."""
    session.clear()
    token, now = secrets.token_urlsafe(32), utcnow()
    db.session.execute(delete(UserSession).where(UserSession.expires_at <= now))
    db.session.add(UserSession(token_hash=_digest(token), user_id=user.id,
                               expires_at=now + current_app.permanent_session_lifetime))
    db.session.commit()
    login_user(user)
    session[SESSION_TOKEN_KEY] = token
    session.permanent = True


def end_session() -> None:
    """Sign out: forget the session server-side, so copies of the cookie stop working too."""
    token = session.get(SESSION_TOKEN_KEY)
    if isinstance(token, str):
        db.session.execute(delete(UserSession).where(UserSession.token_hash == _digest(token)))
        db.session.commit()
    logout_user()
    session.clear()


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


def _usable(user: User) -> list[Location]:
    """The user's active stores, by name."""
    return [loc for loc in user.locations if loc.active]


def _remembered(user: User, locations: list[Location]) -> Location | None:
    """The store the user last chose, else their first by name (None without stores)."""
    chosen = next((loc for loc in locations if loc.id == user.last_location_id), None)
    return chosen or (locations[0] if locations else None)


def land_on_remembered_store(sender, user: User, **extra) -> None:
    """At sign-in, open the store the user last chose and keep it as theirs.

    Writing the first choice down at the first sign-in is what keeps a store created later
    (and sorting first) from taking over everyone's landing page.
    """
    chosen = _remembered(user, _usable(user))
    if chosen is None:
        return
    session[LOCATION_KEY] = chosen.id
    if user.last_location_id != chosen.id:
        user.last_location_id = chosen.id
        db.session.commit()


def token_authenticated(blueprint):
    """Mark a blueprint whose callers present a token (the point-of-sale API): no page sign-in
    is looked up for its requests, and so no store is chosen for them."""
    _TOKEN_AUTHENTICATED.add(blueprint.name)
    return blueprint


def load_location():
    """Put the selected store on g: the session's choice, else the remembered one (no write)."""
    g.location = None
    if request.blueprint in _TOKEN_AUTHENTICATED or not current_user.is_authenticated:
        return
    locations = _usable(current_user)
    chosen = next((loc for loc in locations if loc.id == session.get(LOCATION_KEY)), None)
    g.location = chosen or _remembered(current_user, locations)
    g.user_locations = locations


def select_location(location: Location) -> None:
    """Switch to the store for this session and remember it for the next sign-ins."""
    session[LOCATION_KEY] = location.id
    g.location = location
    if current_user.last_location_id != location.id:
        current_user.last_location_id = location.id
        db.session.commit()
