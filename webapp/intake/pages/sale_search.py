"""Finding the sale a refund returns: by its point-of-sale id, its date or a barcode on it."""
import re
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy import String, cast, select

from webapp.extensions import db
from webapp.models import Action
from webapp.action_kinds.fields import BARCODE_RE
from webapp.timefmt import format_local, zone

LIMIT = 20
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def find_sales(location, text: str | None) -> list[Action]:
    """The store's sales matching the text (the latest ones when it is empty), newest first."""
    text = (text or "").strip()
    query = select(Action).where(Action.location_id == location.id, Action.kind == "sale")
    if DATE_RE.match(text):
        try:
            day = date.fromisoformat(text)
        except ValueError:
            return []
        start = datetime.combine(day, time(), zone(location.time_zone))
        query = query.where(Action.performed_at >= start,
                            Action.performed_at < start + timedelta(days=1))
    elif BARCODE_RE.match(text):
        # Barcodes sit in the stored JSON as quoted strings: a text match finds them.
        query = query.where(cast(Action.data, String).like(f'%"{text}"%'))
    elif text:
        escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        query = query.where(Action.external_id.ilike(f"%{escaped}%", escape="\\"))
    return list(db.session.scalars(query.order_by(Action.performed_at.desc()).limit(LIMIT)))


def choices(location, sales: list[Action]) -> list[tuple[str, str]]:
    """Radio choices naming each sale: id, when, how many lines."""
    return [(s.external_id, f"{s.external_id} · {format_local(s.performed_at, location.time_zone)}"
             f" · {len(s.data.get('items', []))} item line(s)") for s in sales]


def offer(form, location) -> list[Action]:
    """Put the matching sales (and the one already chosen) on the refund form."""
    sales = find_sales(location, form.sale_search.data)
    chosen = form.sale_external_id.data
    if chosen and chosen not in {s.external_id for s in sales}:
        sales += [s for s in find_sales(location, chosen) if s.external_id == chosen]
    form.sale_external_id.choices = choices(location, sales)
    return sales


def refundable(location, sale_external_id: str) -> dict[str, Decimal]:
    """What a sale of the store sold, per barcode, less what its refunds returned already."""
    sale = db.session.scalar(select(Action).where(
        Action.location_id == location.id, Action.kind == "sale",
        Action.external_id == sale_external_id))
    if sale is None:
        return {}
    left: dict[str, Decimal] = {}
    for item in sale.data.get("items", []):
        left[item["barcode"]] = left.get(item["barcode"], Decimal(0)) + Decimal(item["quantity"])
    # The id's text narrows the scan; the exact field decides.
    refunds = db.session.scalars(select(Action).where(
        Action.location_id == location.id, Action.kind == "refund",
        cast(Action.data, String).like(f"%{sale_external_id}%")))
    for refund in refunds:
        if refund.data.get("sale_external_id") == sale_external_id:
            for item in refund.data.get("items", []):
                if item["barcode"] in left:
                    left[item["barcode"]] -= Decimal(item["quantity"])
    return left
