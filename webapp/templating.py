"""Template filters, globals and the security headers of every response."""
from flask import g
from flask_login import current_user

from webapp import features, timefmt
from webapp.models import PERMISSIONS
from webapp.navigation import nav_sections

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "object-src 'none'",
])


def init_app(app):
    """Register filters, context and headers."""
    app.add_template_filter(_localtime, "localtime")
    app.add_template_filter(_localdate, "localdate")
    app.context_processor(_layout_context)
    app.jinja_env.globals["nav_sections"] = nav_sections
    app.jinja_env.globals["config_tabs"] = features.config_tabs
    app.jinja_env.globals["account_sections"] = features.account_sections
    app.after_request(_security_headers)


def _store_zone(time_zone):
    """The zone to show dates in: given, else the selected store's."""
    if time_zone:
        return time_zone
    location = g.get("location")
    return location.time_zone if location is not None else None


def _localtime(dt, time_zone=None):
    """Date and time in the store's zone, with the zone."""
    return timefmt.format_local(dt, _store_zone(time_zone))


def _localdate(dt, time_zone=None):
    """Date in the store's zone, with the zone."""
    return timefmt.format_local(dt, _store_zone(time_zone), with_time=False)


def _layout_context():
    """What base.html needs on every page: the banners are asked for by the layout itself, so
    an htmx fragment (which has no layout) costs none of their queries."""
    return {"PERMISSIONS": PERMISSIONS, "layout_banners": _layout_banners}


def _layout_banners() -> list[dict]:
    """The signed-in user's banners, computed once per request."""
    if not current_user.is_authenticated:
        return []
    if "layout_banners" not in g:
        g.layout_banners = features.banners()
    return g.layout_banners


def _security_headers(response):
    """CSP without inline scripts, and the usual hardening headers."""
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("X-Frame-Options", "DENY")
    return response
