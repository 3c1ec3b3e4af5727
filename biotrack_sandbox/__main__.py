"""`python -m biotrack_sandbox [--host H] [--port P]`: serve the sandbox (port 0 picks a free one)."""
import argparse
import os
import sys

from werkzeug.serving import make_server

from . import create_app


def main(argv=None) -> None:
    """Start a threaded server and print the URL it listens on (tests read that line)."""
    parser = argparse.ArgumentParser(prog="python -m biotrack_sandbox", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=int(os.environ.get("SANDBOX_PORT", "5050")))
    args = parser.parse_args(argv)
    server = make_server(args.host, args.port, create_app(), threaded=True)
    print(f"BioTrack sandbox listening on http://{args.host}:{server.server_port}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    sys.exit(0)


if __name__ == "__main__":
    main()
