"""Template filters, globals and the security headers of every response."""
from flask import g
from flask_login import current_user

from webapp import timefmt
from webapp.banners import PROVIDERS, banner_provider  # noqa: F401  (re-exported)
from webapp.navigation import nav_sections
from webapp.models import PERMISSIONS

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
    app.jinja_env.globals["config_tabs"] = _config_tabs
    app.jinja_env.globals["account_sections"] = _account_sections
    app.after_request(_security_headers)


def _config_tabs():
    """The Config Page's tabs (features register them when imported)."""
    from webapp import config_page
    return list(config_page.TABS)


def _account_sections():
    """Manage Account's sections (features register them when imported)."""
    from webapp import account
    return list(account.SECTIONS)


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
    """What base.html needs on every page."""
    banners = []
    if current_user.is_authenticated:
        for provider in PROVIDERS:
            banners.extend(provider())
    return {"PERMISSIONS": PERMISSIONS, "layout_banners": banners}


def _security_headers(response):
    """CSP without inline scripts, and the usual hardening headers."""
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("X-Frame-Options", "DENY")
    return response
