"""Dashboard tiles and layout banners about the store's reporting to BioTrack."""
from flask import url_for
from flask_login import current_user
from sqlalchemy import func, select

from webapp.extensions import db
from webapp.models import Delivery
from webapp.models.reporting import DELIVERED, DUE_STATES, FAILED, NEEDS_ATTENTION, PAUSED
from webapp.delivery import figures


def counts(location) -> dict:
    """Reports of the store waiting by status (capped), and those delivered since midnight."""
    by_status = figures.status_counts(location, (*DUE_STATES, PAUSED, NEEDS_ATTENTION, FAILED))
    return {"queued": sum(by_status[s] for s in DUE_STATES),
            "paused": by_status[PAUSED], "needs_attention": by_status[NEEDS_ATTENTION],
            "failed": by_status[FAILED], "delivered_today": figures.delivered_today(location)}


def tiles(location) -> list[dict]:
    """Queued, needs attention, failed, delivered today (and paused when any)."""
    if not current_user.can("view_reports"):
        return []
    c = {key: figures.shown(n) if key != "delivered_today" else f"{n:,}"
         for key, n in counts(location).items()}

    def link(status):
        return url_for("delivery_log.log", status=status)
    shown = [
        {"label": "Queued for BioTrack", "value": c["queued"], "url": link("queued")},
        {"label": "Need attention", "value": c["needs_attention"], "url": link(NEEDS_ATTENTION),
         "level": "error" if c["needs_attention"] != "0" else None},
        {"label": "Failed", "value": c["failed"], "url": link(FAILED),
         "level": "error" if c["failed"] != "0" else None},
        {"label": "Delivered today", "value": c["delivered_today"], "url": link(DELIVERED)},
    ]
    if c["paused"] != "0":
        shown.insert(1, {"label": "Paused (store cannot report)", "value": c["paused"],
                         "url": link(PAUSED), "level": "warn"})
    return shown


def reporting_banners() -> list[dict]:
    """My actions that wait on my credential; stores I configure whose reporting is paused."""
    banners = []
    mine = db.session.scalar(select(func.count(Delivery.id)).where(
        Delivery.performed_by_id == current_user.id, Delivery.status == NEEDS_ATTENTION))
    if mine:
        banners.append({"level": "error", "url": url_for("account.credentials_list"),
                        "link_text": "Fix your BioTrack credentials",
                        "message": f"{mine} of your actions could not be reported to BioTrack "
                                   "as you: your linked BioTrack account was refused. They wait "
                                   "until you fix it."})
    if current_user.can("config_page"):
        stores = {loc.id: loc for loc in current_user.locations}
        paused = db.session.execute(select(Delivery.location_id, func.count(Delivery.id)).where(
            Delivery.location_id.in_(stores), Delivery.status == PAUSED).group_by(
            Delivery.location_id)).all() if stores else []
        for location_id, count in paused:
            banners.append({"level": "error", "link_text": "See why",
                            "url": url_for("integration.index", location=location_id),
                            "message": f"Reporting to BioTrack is paused for "
                                       f"{stores[location_id].name}: {count} "
                                       f"action{'s' if count != 1 else ''} waiting."})
    return banners
