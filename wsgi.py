"""WSGI entry point: `gunicorn wsgi:app`, `flask --app wsgi ...`."""
import sys

from webapp import create_app
from webapp.config import ConfigError

try:
    app = create_app()
except ConfigError as error:
    # One line that names the setting, not a traceback. Exit status 3 is gunicorn's "worker
    # failed to boot", so its master stops instead of restarting workers forever.
    print(f"TraceBridge cannot start: {error}", file=sys.stderr)
    raise SystemExit(3) from None
