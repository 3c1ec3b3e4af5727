"""`python -m mailcatcher`: catch SMTP on loopback and show what came in, until stopped."""
import argparse
import logging
import signal
import threading

from werkzeug.serving import make_server

from mailcatcher import smtp
from mailcatcher.store import MailStore
from mailcatcher.web import create_app


def main(argv=None) -> None:
    """Start both servers; SIGTERM or Ctrl-C stops them."""
    parser = argparse.ArgumentParser(prog="python -m mailcatcher", description=__doc__)
    parser.add_argument("--smtp-port", type=int, default=8025)
    parser.add_argument("--web-port", type=int, default=8026)
    parser.add_argument("--dir", default="instance/caught-mail", help="where .eml files go")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s: %(message)s")
    logging.getLogger("mail.log").setLevel(logging.WARNING)
    store = MailStore(args.dir)
    controller = smtp.start(store, args.smtp_port)
    web = make_server("127.0.0.1", args.web_port, create_app(store), threaded=True)
    # serve_forever() in a thread: shutdown() must come from another thread than its own.
    thread = threading.Thread(target=web.serve_forever, name="mailcatcher-web")
    thread.start()
    logging.getLogger("mailcatcher").info(
        "catching SMTP on 127.0.0.1:%d; read it at http://127.0.0.1:%d/",
        args.smtp_port, args.web_port)
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    stop.wait()
    web.shutdown()
    thread.join()
    controller.stop()


if __name__ == "__main__":
    main()
