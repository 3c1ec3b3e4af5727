"""The sidebar: sections and links, each shown only to users allowed to follow it."""
from dataclasses import dataclass

from flask import request, url_for
from flask_login import current_user

SECTION_ORDER = ("Configuration", "BioTrack", "Point of sale", "Administration")


@dataclass(frozen=True)
class NavItem:
    """One sidebar link."""

    section: str
    label: str
    endpoint: str
    permission: str | None
    order: int


_items: list[NavItem] = []


def nav_item(section: str, label: str, endpoint: str, permission: str | None = None,
             order: int = 50) -> None:
    """Register a sidebar link (features call this when their blueprint is imported)."""
    item = NavItem(section, label, endpoint, permission, order)
    if item not in _items:
        _items.append(item)


def nav_sections() -> list[dict]:
    """The sections and links the signed-in user may see, in display order."""
    perms = current_user.permissions
    sections = {}
    for item in sorted(_items, key=lambda i: (i.order, i.label)):
        if item.permission and item.permission not in perms:
            continue
        url = url_for(item.endpoint)
        current = request.path == url or (url != "/" and request.path.startswith(url + "/"))
        sections.setdefault(item.section, []).append(
            {"label": item.label, "url": url, "current": current})
    ordered = sorted(sections, key=lambda s: SECTION_ORDER.index(s)
                     if s in SECTION_ORDER else len(SECTION_ORDER))
    return [{"title": s, "items": sections[s]} for s in ordered]
