"""Absolute links to the app (for e-mails), built from the URL map against APP_BASE_URL.

Works with or without a request: the scheduler sends e-mails outside any request.
"""
from urllib.parse import urlsplit

from flask import current_app


def external_url(endpoint: str, **values) -> str:
    """The absolute URL of an endpoint, e.g. for a link in an e-mail."""
    base = urlsplit(current_app.config.get("APP_BASE_URL") or "http://localhost")
    adapter = current_app.url_map.bind(base.netloc, script_name=base.path or "/",
                                       url_scheme=base.scheme or "http")
    return adapter.build(endpoint, values, force_external=True)
