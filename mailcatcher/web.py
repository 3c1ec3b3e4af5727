"""The read-only page: the list of caught messages, and one message with both bodies."""
from flask import Flask, abort, render_template


def create_app(store) -> Flask:
    """A tiny Flask app over a MailStore."""
    app = Flask(__name__)

    @app.route("/")
    def index():
        """Newest messages first."""
        return render_template("index.html", messages=store.all())

    @app.route("/<name>")
    def show(name):
        """One message: headers, plain text, and the HTML in a sandboxed frame."""
        caught = store.get(name)
        if caught is None:
            abort(404)
        return render_template("message.html", caught=caught)

    @app.after_request
    def headers(response):
        """No scripts anywhere; the HTML e-mail is shown in a frame that may not run any."""
        response.headers["Content-Security-Policy"] = (
            "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-src 'self'")
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response

    return app
