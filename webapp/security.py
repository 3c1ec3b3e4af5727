"""Secrets at rest and who may do what."""
from functools import wraps

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from flask import abort, current_app, g
from flask_login import current_user, login_required
from sqlalchemy import Text
from sqlalchemy.types import TypeDecorator


class SecretUnreadable(RuntimeError):
    """A stored secret was encrypted with a key no longer configured."""


def _fernet() -> MultiFernet:
    """The key ring: the first key encrypts, every key decrypts (rotation)."""
    keys = current_app.config["CREDENTIALS_KEYS"]
    if isinstance(keys, str):
        keys = keys.split(",")
    return MultiFernet([Fernet(k.strip()) for k in keys if k.strip()])


def encrypt(plaintext: str) -> str:
    """Encrypt a secret for storage."""
    return _fernet().encrypt(plaintext.encode()).decode()


def decrypt(token: str) -> str:
    """Decrypt a stored secret."""
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken:
        raise SecretUnreadable("stored secret cannot be decrypted with CREDENTIALS_KEYS") from None


def rotate(token: str) -> str:
    """Re-encrypt a stored secret with the first key."""
    return _fernet().rotate(token.encode()).decode()


class EncryptedText(TypeDecorator):
    """A column whose value is a secret: Fernet-encrypted on the way in."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value, dialect):
        """Encrypt before it reaches the database."""
        return None if value is None else encrypt(value)

    def process_result_value(self, value, dialect):
        """Decrypt what the database returns."""
        return None if value is None else decrypt(value)


def permission_required(permission: str):
    """Require a signed-in user whose roles grant the permission."""
    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if not current_user.can(permission):
                abort(403, description=f"You need the “{permission_label(permission)}” permission.")
            return view(*args, **kwargs)
        wrapped.required_permission = permission
        return wrapped
    return decorator


def location_required(view):
    """Require a selected store the user may work in; it is g.location."""
    @wraps(view)
    @login_required
    def wrapped(*args, **kwargs):
        if g.get("location") is None:
            abort(403, description="Select a store you have access to first.")
        return view(*args, **kwargs)
    return wrapped


def permission_label(permission: str) -> str:
    """The name Role Management shows for a permission."""
    from webapp.models import PERMISSIONS
    return PERMISSIONS.get(permission, permission)
