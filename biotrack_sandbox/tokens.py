"""Random tokens, their stored hashes, and the signed session JWT."""
import base64
import hashlib
import hmac
import json
import secrets

from . import db


def new_token(prefix: str) -> str:
    """An unguessable token; the prefix only helps people tell tokens apart."""
    return f"{prefix}_{secrets.token_urlsafe(32)}"


def digest(token: str) -> str:
    """What is stored instead of a token, so the database never holds usable tokens."""
    return hashlib.sha256(token.encode()).hexdigest()


def signing_key() -> bytes:
    """The key for session JWTs: one per database (made at start-up), so every worker verifies every session."""
    return db.get_setting("jwt_key").encode()


def _b64(data: bytes) -> str:
    """Base64url without padding, as JWTs use it."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    """Decode base64url without padding."""
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def encode_jwt(claims: dict) -> str:
    """Sign claims as an HS256 JWT, the shape of BioTrack's Session."""
    header = _b64(json.dumps({"alg": "HS256", "typ": "JWT"}, separators=(",", ":")).encode())
    payload = _b64(json.dumps(claims, separators=(",", ":")).encode())
    signature = hmac.new(signing_key(), f"{header}.{payload}".encode(), hashlib.sha256).digest()
    return f"{header}.{payload}.{_b64(signature)}"


def decode_jwt(token: str) -> dict | None:
    """Return the claims of a JWT this sandbox signed, or None if it is not one."""
    try:
        header, payload, signature = token.split(".")
        expected = hmac.new(signing_key(), f"{header}.{payload}".encode(), hashlib.sha256).digest()
        if not hmac.compare_digest(expected, _unb64(signature)):
            return None
        claims = json.loads(_unb64(payload))
    except (ValueError, TypeError):
        return None
    return claims if isinstance(claims, dict) else None
