"""Flags other pages show: store licenses BioTrack no longer lists (Organization Management)."""
from flask_login import current_user

from webapp.company.blueprint import bp
from webapp.company.licenses.services import store_flags


@bp.app_template_global("biotrack_store_flags")
def biotrack_store_flags() -> dict:
    """For the signed-in user's organization: license -> (kind, listed row) of flagged stores."""
    if not current_user.is_authenticated:
        return {}
    return store_flags(current_user.organization_id)
