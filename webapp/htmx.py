"""HTMX conventions: page-or-fragment rendering and client-side redirects."""
from flask import make_response, render_template
from flask_htmx.responses import HTMXResponseClientRedirect

from webapp.extensions import htmx


def wants_fragment() -> bool:
    """An HTMX request that swaps part of a page (boosted requests get whole pages)."""
    return bool(htmx) and not htmx.boosted


def render(page: str, fragment: str, **context):
    """Render the full page, or only its fragment when HTMX asks; caches see both."""
    response = make_response(render_template(fragment if wants_fragment() else page, **context))
    response.vary.add("HX-Request")
    return response


def client_redirect(url: str, status: int = 200):
    """Make HTMX load a whole new page instead of swapping a fragment into this one."""
    return HTMXResponseClientRedirect(url, status=status)
