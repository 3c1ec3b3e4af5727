"""The layout banner that tells an employee their linked credential stopped working."""
from flask import url_for
from flask_login import current_user
from sqlalchemy import select

from webapp.extensions import db
from webapp.models.credentials import INVALID, LinkedCredential


def invalid_credential_banners() -> list[dict]:
    """One banner per invalid credential of the signed-in user (only theirs), until fixed."""
    rows = db.session.scalars(select(LinkedCredential).where(
        LinkedCredential.user_id == current_user.id, LinkedCredential.status == INVALID
    ).order_by(LinkedCredential.license))
    return [{
        "level": "error",
        "message": (f"Your BioTrack credentials for {c.license} ({c.username}) stopped working: "
                    f"{c.invalid_reason} Until you fix them, your actions for that license "
                    "cannot be reported to BioTrack."),
        "url": url_for("account.edit_credential", credential_id=c.id),
        "link_text": "Fix your BioTrack credentials",
    } for c in rows]
