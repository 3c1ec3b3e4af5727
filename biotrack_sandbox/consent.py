"""GET/POST /oauth/authorize: BioTrack's consent screen, where a license admin grants an integrator."""
import re
import secrets
from dataclasses import dataclass
from urllib.parse import urlencode

from flask import Blueprint, make_response, redirect, render_template, request, session

from . import db, grants
from .accounts import find_user, has_license, password_matches

bp = Blueprint("consent", __name__)
STATE = re.compile(r"^[\x21-\x7e]{1,500}$")
CHALLENGE = re.compile(r"^[A-Za-z0-9\-._~]{43,128}$")
SCOPE = "read_write"


class PageError(Exception):
    """A problem shown on an error page; never redirected, as the target cannot be trusted."""

    def __init__(self, title: str, message: str, back: str | None = None):
        super().__init__(message)
        self.title, self.message, self.back = title, message, back


class BackError(Exception):
    """A problem reported to the (trusted) redirect URI as error=...&state=..."""

    def __init__(self, error: str, description: str):
        super().__init__(description)
        self.error, self.description = error, description


@dataclass
class AuthRequest:
    """A validated authorization request."""

    client: object
    redirect_uri: str
    state: str
    challenge: str
    ubi: str
    license: str
    company: str

    def back(self, **params) -> str:
        """The redirect URI with these parameters and the state."""
        sep = "&" if "?" in self.redirect_uri else "?"
        return self.redirect_uri + sep + urlencode(params | {"state": self.state})


def _read(args) -> AuthRequest:
    """Validate the request: client and redirect URI first, because only then may we redirect."""
    client = db.one("SELECT * FROM clients WHERE client_id = ?", args.get("client_id", ""))
    if client is None:
        raise PageError("Unknown application", "The application asking for access is not registered with BioTrack. "
                                               "Do not sign in; contact the application's support.")
    redirect_uri = args.get("redirect_uri", "")
    if db.one("SELECT 1 FROM redirect_uris WHERE client_id = ? AND uri = ?", client["client_id"], redirect_uri) is None:
        raise PageError("Invalid redirect address", f"{client['application']} asked to return to an address it has not "
                                                    f"registered with BioTrack. Do not sign in; contact {client['company']}.")
    state = args.get("state", "")
    if not STATE.match(state):
        raise BackError("invalid_request", "state is required (1-500 visible ASCII characters).")
    if args.get("response_type") != "code":
        raise BackError("unsupported_response_type", "response_type must be code.")
    if args.get("code_challenge_method") != "S256" or not CHALLENGE.match(args.get("code_challenge", "")):
        raise BackError("invalid_request", "PKCE is required: code_challenge (S256) and code_challenge_method=S256.")
    if args.get("scope", SCOPE) != SCOPE:
        raise BackError("invalid_scope", f"The only scope is {SCOPE}.")
    req = AuthRequest(client, redirect_uri, state, args["code_challenge"], args.get("ubi", ""), args.get("license", ""), "")
    company = db.one("SELECT name FROM companies WHERE ubi = ?", req.ubi)
    lic = db.one("SELECT * FROM licenses WHERE license = ?", req.license)
    back = req.back(error="invalid_request", error_description="unknown UBI or license")
    if company is None:
        raise PageError("Unknown UBI", f"No BioTrack company has UBI {req.ubi or '(none)'}. "
                                       f"Go back to {client['application']} and check the UBI.", back)
    if lic is None or lic["ubi"] != req.ubi:
        raise PageError("Unknown license", f"License {req.license or '(none)'} is not a license of UBI {req.ubi}. "
                                           f"Go back to {client['application']} and check the BioTrack license "
                                           "(it may differ from the OCM license number).", back)
    if lic["status"] != "active" or lic["deleted"]:
        raise PageError("Inactive license", f"License {req.license} is not active in BioTrack.", back)
    req.company = company["name"]
    return req


def _page(req: AuthRequest, error: str | None = None, form=None, status: int = 200):
    """Render the consent screen with a fresh anti-forgery token bound to this browser."""
    session.setdefault("csrf", secrets.token_urlsafe(24))
    html = render_template("consent.html", req=req, error=error, form=form or {}, csrf=session["csrf"], action=request.full_path)
    return _secure(make_response(html, status))


def _secure(resp):
    """The consent screen must not be framed (clickjacking) nor cached."""
    resp.headers["X-Frame-Options"] = "DENY"
    resp.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'"
    resp.headers["Cache-Control"] = "no-store"
    resp.headers["Referrer-Policy"] = "no-referrer"
    return resp


@bp.route("/oauth/authorize", methods=["GET", "POST"])
def authorize():
    """Show the consent screen, or handle Grant Access / Deny."""
    try:
        req = _read(request.args)
        if request.method == "GET":
            return _page(req)
        return _decide(req)
    except PageError as exc:
        html = render_template("error.html", title=exc.title, message=exc.message, back=exc.back)
        return _secure(make_response(html, 400))
    except BackError as exc:
        return redirect(req_back(request.args, exc), 302)


def req_back(args, exc: BackError) -> str:
    """Redirect URI with an error, before the request was fully read (client and URI already checked)."""
    uri = args["redirect_uri"]
    params = {"error": exc.error, "error_description": exc.description}
    if STATE.match(args.get("state", "")):
        params["state"] = args["state"]
    return uri + ("&" if "?" in uri else "?") + urlencode(params)


def _decide(req: AuthRequest):
    """Check the form's origin, then deny or check the admin's sign-in and issue a code."""
    form = request.form
    if not secrets.compare_digest(form.get("csrf_token", ""), session.get("csrf", "")):
        return _page(req, "This form has expired. Sign in again.", form, 400)
    if form.get("action") == "deny":
        return redirect(req.back(error="access_denied", error_description="The license admin denied access."), 302)
    error, user = _sign_in(req, form.get("ubi", "").strip(), form.get("username", "").strip(), form.get("password", ""))
    if error:
        return _page(req, error, form, 400)
    code = grants.issue_code(req.client["client_id"], req.redirect_uri, req.challenge, req.ubi, req.license, SCOPE, user["id"])
    session.pop("csrf", None)
    return redirect(req.back(code=code), 302)


def _sign_in(req: AuthRequest, ubi: str, username: str, password: str):
    """(error message, user): the signer must be an active admin of this UBI with this license."""
    if not (ubi and username and password):
        return "Enter your UBI, username and password.", None
    if ubi != req.ubi:
        return f"This authorization is for UBI {req.ubi}. Sign in with an admin account of that UBI.", None
    user = find_user(ubi, username)
    if user is None or not password_matches(user, password):
        return "The UBI, username or password is incorrect.", None
    if not user["active"]:
        return "This BioTrack account is deactivated. Ask another admin of your company to reactivate it.", None
    if not user["is_admin"]:
        return f"Only an admin of license {req.license} can grant access. Sign in with an admin account.", None
    if not has_license(user["id"], req.license):
        return f"Your account has no access to license {req.license}. Sign in with an admin of that license.", None
    return None, user
