"""TraceBridge: connects a cannabis retailer to BioTrack."""
import os

from flask import Flask

from webapp import config as settings, logs


def create_app(config=None):
    """Build the app: settings, extensions, blueprints, error pages, commands."""
    app = Flask(__name__, template_folder="../templates", static_folder="../static",
                instance_path=os.environ.get("TRACEBRIDGE_INSTANCE",
                                             os.path.join(os.getcwd(), "instance")),
                instance_relative_config=True)
    configure(app, config)
    register_converters(app)
    register_extensions(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_commands(app)
    register_templating(app)
    return app


def configure(app, config):
    """Load settings: base, then environment (or the given test config), then check."""
    os.makedirs(app.instance_path, exist_ok=True)
    app.config.update(settings.base_settings(app.instance_path))
    if config is None:
        app.config.update(settings.from_environment(os.environ, app.instance_path))
    else:
        app.config.update(config)
    settings.validate(app.config)
    if app.config.get("PROXY_HOPS"):
        # Behind N reverse proxies the client's address is in X-Forwarded-For: sign-in limits
        # per address must see the client, not the proxy (or one address would stand for all).
        from werkzeug.middleware.proxy_fix import ProxyFix
        hops = app.config["PROXY_HOPS"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)
    logs.configure(app.config["LOG_FORMAT"], str(app.config["LOG_LEVEL"]).upper(),
                   install_handler=not app.config.get("TESTING"))
    logs.init_app(app)
    from webapp import log_redaction
    log_redaction.install()


def register_converters(app):
    """URL rules, before any route is added: ids are bounded, control characters refused."""
    from webapp.validation import IdConverter, refuse_control_characters_in_url
    app.url_map.converters["int"] = IdConverter
    app.before_request(refuse_control_characters_in_url)


def register_extensions(app):
    """Bind the extension objects and database conventions to this app."""
    # Imported here: package attributes such as webapp.htmx are submodules, not extensions.
    from webapp import database, extensions as ext, sessions
    ext.db.init_app(app)
    database.init_app(app)
    ext.migrate.init_app(app, ext.db, render_as_batch=True,
                         directory=os.path.join(os.path.dirname(__file__), "..", "migrations"))
    ext.csrf.init_app(app)
    ext.htmx.init_app(app)
    ext.limiter.init_app(app)
    sessions.init_app(app)
    from webapp.biotrack.app import init_app as init_biotrack
    from webapp.config_page.integration.authorizations import save_refreshed_grant
    init_biotrack(app, on_grant_refresh=save_refreshed_grant)


def register_blueprints(app):
    """Every feature of webapp/features.py: its blueprints, menus, tabs, tiles, banners, jobs."""
    from webapp import features
    features.install(app)


def register_errorhandlers(app):
    """Error pages in the layout, JSON for API clients."""
    from webapp.errors import handlers
    handlers.init_app(app)


def register_commands(app):
    """Command-line tools: demo seed, first admin."""
    from webapp import commands
    commands.init_app(app)


def register_templating(app):
    """Filters, globals and security headers every page relies on."""
    from webapp import templating
    templating.init_app(app)
