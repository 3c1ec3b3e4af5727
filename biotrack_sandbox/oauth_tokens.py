"""The OAuth 2.0 token endpoint (authorization_code with PKCE, refresh_token) and RFC 7009 revocation."""
import base64
import hashlib
import hmac
from urllib.parse import unquote

from flask import Blueprint, jsonify, request

from . import db, grants
from .grants import OAuthError

bp = Blueprint("oauth_tokens", __name__)


def authenticate_client() -> str:
    """The client id, proven by client_secret_basic or client_secret_post."""
    client_id, secret = request.form.get("client_id"), request.form.get("client_secret")
    header = request.headers.get("Authorization", "")
    if header.startswith("Basic "):
        try:
            client_id, _, secret = base64.b64decode(header[6:]).decode().partition(":")
        except ValueError:
            client_id = secret = None
        # RFC 6749 2.3.1: both parts are form-urlencoded inside the Basic header.
        client_id, secret = unquote(client_id or ""), unquote(secret or "")
    row = client_id and db.one("SELECT * FROM clients WHERE client_id = ?", client_id)
    expected = row["secret_hash"] if row else ""
    given = hashlib.sha256((secret or "").encode()).hexdigest()
    if not row or not hmac.compare_digest(expected, given):
        raise OAuthError("invalid_client", "invalid_client", "Client authentication failed: unknown client or wrong secret.", 401)
    return client_id


@bp.post("/oauth/token")
def token():
    """Issue tokens: grant_type authorization_code (PKCE S256 verified) or refresh_token."""
    client_id = authenticate_client()
    form = request.form
    grant_type = form.get("grant_type")
    if grant_type == "authorization_code":
        answer = grants.exchange(client_id, form.get("code", ""), form.get("redirect_uri", ""), form.get("code_verifier", ""))
    elif grant_type == "refresh_token":
        answer = grants.refresh(client_id, form.get("refresh_token", ""))
    else:
        raise OAuthError("unsupported_grant_type", "unsupported_grant_type",
                         f"grant_type {grant_type!r} is not supported; use authorization_code or refresh_token.")
    return jsonify(answer)


@bp.post("/oauth/revoke")
def revoke():
    """Revoke the grant of an access or refresh token; always 200, as RFC 7009 asks."""
    client_id = authenticate_client()
    grants.revoke(client_id, request.form.get("token", ""))
    return jsonify({})


@bp.after_request
def no_store(response):
    """Token answers must never be cached."""
    response.headers["Cache-Control"] = "no-store"
    response.headers["Pragma"] = "no-cache"
    return response
