"""`flask rotate-keys`: every stored secret re-encrypted with the first key, resumably."""
from cryptography.fernet import Fernet
from sqlalchemy import select, text

from webapp.extensions import db
from webapp.key_rotation import rotate_all
from webapp.models import LinkedCredential


def _credential(world, username, password):
    """A stored linked credential (its password is a secret column)."""
    row = LinkedCredential(organization_id=world.a.org.id, user_id=world.a.clerk.id,
                           ubi="600123456", license=f"NY-RET-{username}", username=username,
                           password=password)
    db.session.add(row)
    db.session.commit()
    return row.id


def _raw(ident) -> str:
    """The ciphertext as the database holds it."""
    return db.session.execute(text("SELECT password FROM linked_credential WHERE id = :i"),
                              {"i": ident}).scalar_one()


def test_rotation_re_encrypts_everything_and_the_old_key_can_go(app, world):
    """After the command, only the new key is configured and every secret still opens."""
    ids = [_credential(world, f"u{n}@x.test", f"secret-{n}") for n in range(7)]
    old_key = app.config["CREDENTIALS_KEYS"]
    new_key = Fernet.generate_key().decode()
    app.config["CREDENTIALS_KEYS"] = f"{new_key},{old_key}"
    before = {i: _raw(i) for i in ids}
    counts = rotate_all(batch=3)["linked_credential"]
    assert (counts.rotated, counts.current, counts.unreadable) == (7, 0, [])
    assert all(_raw(i) != before[i] for i in ids)
    again = rotate_all(batch=3)["linked_credential"]  # resumed or repeated: nothing to do
    assert (again.rotated, again.current) == (0, 7)
    app.config["CREDENTIALS_KEYS"] = new_key
    db.session.expire_all()
    passwords = db.session.scalars(select(LinkedCredential.password).where(
        LinkedCredential.id.in_(ids)).order_by(LinkedCredential.id)).all()
    assert passwords == [f"secret-{n}" for n in range(7)]


def test_the_command_reports_counts_and_refuses_to_hide_unreadable_rows(app, world):
    """A secret no key opens is reported by id, and the command fails."""
    ident = _credential(world, "lost@x.test", "lost-secret")
    app.config["CREDENTIALS_KEYS"] = Fernet.generate_key().decode()
    result = app.test_cli_runner().invoke(args=["rotate-keys"])
    assert result.exit_code != 0
    assert f"1 unreadable (ids {ident})" in result.output
    assert "Traceback" not in result.output
