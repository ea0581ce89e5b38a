"""``python -m automation.mocksite [--host H] [--port P]``: serve the mock site until Ctrl-C."""

from __future__ import annotations

import argparse

from .app import create_app
from .server import MockServer


def main(argv: list[str] | None = None) -> None:
    """Parse the options and serve in the foreground."""
    parser = argparse.ArgumentParser(
        prog="python -m automation.mocksite",
        description="Serve the mock AliExpress site locally until Ctrl-C.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=int, default=8000, help="port (0 = any free port)")
    parser.add_argument("--verbose", action="store_true", help="log every request")
    parser.add_argument("--variant", help="serve every page in this markup variant")
    args = parser.parse_args(argv)
    try:
        app = create_app(variant=args.variant)
    except ValueError as exc:
        parser.error(str(exc))
    server = MockServer(args.host, args.port, app=app, quiet=not args.verbose).bind()
    print(f"Mock AliExpress at {server.url}/  (Ctrl-C to stop)", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
