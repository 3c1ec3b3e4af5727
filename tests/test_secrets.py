"""Secrets at rest: Fernet with key rotation."""
import pytest
from cryptography.fernet import Fernet

from webapp import security


def test_encrypt_round_trip_and_ciphertext_differs(app):
    """What is stored is not the secret, and decrypts back to it."""
    token = security.encrypt("bt-admin-pass")
    assert "bt-admin-pass" not in token
    assert security.decrypt(token) == "bt-admin-pass"


def test_rotation_keeps_old_secrets_readable(app):
    """A new first key encrypts; the old key still decrypts until rotated."""
    old = security.encrypt("s3cret")
    new_key = Fernet.generate_key().decode()
    app.config["CREDENTIALS_KEYS"] = f"{new_key},{app.config['CREDENTIALS_KEYS']}"
    assert security.decrypt(old) == "s3cret"
    rotated = security.rotate(old)
    app.config["CREDENTIALS_KEYS"] = new_key
    assert security.decrypt(rotated) == "s3cret"
    with pytest.raises(security.SecretUnreadable):
        security.decrypt(old)
