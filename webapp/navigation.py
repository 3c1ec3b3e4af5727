"""The sidebar: the features' menu entries, each shown only to users allowed to follow it."""
from flask import request, url_for
from flask_login import current_user

from webapp import features


def nav_sections() -> list[dict]:
    """The sections and links the signed-in user may see, in display order."""
    perms = current_user.permissions
    sections = {}
    for entry in features.menu():
        if entry.permission and entry.permission not in perms:
            continue
        url = url_for(entry.endpoint)
        current = request.path == url or (url != "/" and request.path.startswith(url + "/"))
        sections.setdefault(entry.section, []).append(
            {"label": entry.label, "url": url, "current": current})
    return [{"title": title, "items": items} for title, items in sections.items()]
