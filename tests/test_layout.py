"""Folders match the screens: routes live in views.py, the Config Page's tabs in config_page/,
and the delivery worker has no blueprint."""
import ast
from pathlib import Path

from webapp import features

PACKAGE = Path(__file__).resolve().parent.parent / "webapp"


def _route_modules() -> set[Path]:
    """Modules that declare a route (a `.route(` decorator or `add_url_rule`)."""
    found = set()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if isinstance(node, ast.Attribute) and node.attr in ("route", "add_url_rule") \
                    and isinstance(node.ctx, ast.Load):
                found.add(path)
    return found


def test_every_route_module_is_views_py():
    routes = _route_modules()
    assert routes, "the walk found no route at all"
    assert sorted(str(p.relative_to(PACKAGE)) for p in routes if p.name != "views.py") == []


def test_config_page_tabs_live_in_config_page(app):
    with app.app_context():
        tabbed = [f for f in features.all_features() if f.config_tabs]
    assert {f.name for f in tabbed} == {"integration", "notifications", "api_tokens"}
    for feature in tabbed:
        for blueprint in feature.blueprints:
            assert blueprint.import_name.startswith("webapp.config_page."), blueprint.import_name


def test_delivery_is_a_worker_without_pages():
    feature = next(f for f in features.all_features() if f.name == "delivery")
    assert feature.blueprints == () and feature.jobs
    nodes = [node for path in (PACKAGE / "delivery").glob("*.py")
             for node in ast.walk(ast.parse(path.read_text()))
             if isinstance(node, ast.ImportFrom) and node.module]
    from_flask = {alias.name for node in nodes if node.module == "flask" for alias in node.names}
    assert from_flask <= {"current_app"}  # no request, no page, no blueprint
    assert not [node.module for node in nodes
                if node.module.startswith(("webapp.intake", "webapp.delivery_log"))]
