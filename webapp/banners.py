"""The registry of layout banners: features add providers; base.html shows what they return.

A provider takes no argument and returns a list of {"level", "message", "url", "link_text"}
for the signed-in user. This module imports nothing of the app, so any feature can use it.
"""

PROVIDERS = []


def banner_provider(func):
    """Register a function returning layout banners for the signed-in user."""
    if func not in PROVIDERS:
        PROVIDERS.append(func)
    return func
