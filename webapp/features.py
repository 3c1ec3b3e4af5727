"""Every feature of the app, declared once, in one ordered list.

A feature package declares, in its `__init__.py`, a `FEATURE`: its blueprints (and the modules
whose routes are on them), its sidebar entries, Config Page tabs, Manage Account sections,
dashboard tiles, layout banners and scheduled jobs. `create_app` installs the features of
`all_features()` in that order; the sidebar, the tabs, the account sections, the tiles and the
banners are read from the installed list, and the scheduler runs their jobs. Nothing is
registered by importing a module.
"""
from dataclasses import dataclass
from types import ModuleType
from typing import Callable

from flask import current_app

# The sidebar's sections, top to bottom (an entry's `order` places it within its section).
SECTION_ORDER = ("Configuration", "BioTrack", "Point of sale", "Administration", "Settings")


@dataclass(frozen=True)
class MenuEntry:
    """A sidebar link, shown to users with the permission (everyone signed in if None)."""

    section: str
    label: str
    endpoint: str
    permission: str | None = None
    order: int = 50


@dataclass(frozen=True)
class Feature:
    """What one feature adds to the app."""

    name: str
    blueprints: tuple = ()
    routes: tuple[ModuleType, ...] = ()  # the modules whose views are on the blueprints
    menu: tuple[MenuEntry, ...] = ()
    config_tabs: tuple[tuple[str, str], ...] = ()  # (label, endpoint); the first opens first
    account_sections: tuple[tuple[str, str], ...] = ()  # (label, endpoint)
    tiles: tuple[Callable, ...] = ()  # tiles(location) -> [{"label", "value", ...}]
    banners: tuple[Callable, ...] = ()  # banners() -> [{"level", "message", "url", ...}]
    jobs: tuple[Callable, ...] = ()  # functions declared with @scheduled_job


def all_features() -> tuple[Feature, ...]:
    """The app's features, in the order their tabs, tiles and banners are shown."""
    from webapp import (account, admin, auth, biotrack_users, company, config_page, credentials,
                        dashboard, delivery, delivery_log, errors, intake, inventory, mail,
                        operations, stores)
    from webapp.config_page import api_tokens, integration, notifications
    packages = (auth, stores, dashboard, credentials, account, config_page, integration,
                notifications, api_tokens, biotrack_users, inventory, intake, delivery,
                delivery_log, admin, company, mail, operations, errors)
    return tuple(package.FEATURE for package in packages)


def install(app) -> None:
    """Register every feature's blueprints and jobs, and keep the list for the pages."""
    from webapp.scheduler import add_job
    features = all_features()
    app.extensions["tracebridge.features"] = features
    for feature in features:
        for blueprint in feature.blueprints:
            app.register_blueprint(blueprint)
        for job in feature.jobs:
            add_job(job.job)


def _installed() -> tuple[Feature, ...]:
    return current_app.extensions["tracebridge.features"]


def menu() -> list[MenuEntry]:
    """Every sidebar entry, by section and order."""
    entries = [entry for feature in _installed() for entry in feature.menu]
    return sorted(entries, key=lambda e: (SECTION_ORDER.index(e.section), e.order, e.label))


def config_tabs() -> list[tuple[str, str]]:
    """The Config Page's tabs, in feature order."""
    return [tab for feature in _installed() for tab in feature.config_tabs]


def account_sections() -> list[tuple[str, str]]:
    """Manage Account's sections, in feature order."""
    return [section for feature in _installed() for section in feature.account_sections]


def tiles(location) -> list[dict]:
    """The dashboard's tiles for a store, in feature order."""
    return [tile for feature in _installed() for provider in feature.tiles
            for tile in provider(location)]


def banners() -> list[dict]:
    """The layout banners for the signed-in user, in feature order."""
    return [banner for feature in _installed() for provider in feature.banners
            for banner in provider()]
