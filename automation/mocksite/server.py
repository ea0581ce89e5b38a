"""Run the mock site on a real HTTP port, in a background thread or in the foreground."""

from __future__ import annotations

import threading
from types import TracebackType

from flask import Flask
from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

from .app import create_app
from .faults import FaultSettings, install

# How often the serving thread checks for stop(): also how long stop() can take.
POLL_INTERVAL_S = 0.05


class _QuietRequestHandler(WSGIRequestHandler):
    """Request handler that does not log one line per request (errors are still logged)."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        """Skip the access log line."""


class MockServer:
    """A threaded werkzeug server for the mock site.

    ``port=0`` lets the OS pick a free port; read it back from :attr:`url`.
    ``faults``: random latency, 5xx answers and dropped connections for every page.
    """

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        app: Flask | None = None,
        *,
        quiet: bool = True,
        faults: FaultSettings | None = None,
    ) -> None:
        self.host = host
        self.port = port
        self.app = app if app is not None else create_app(fault_settings=faults)
        if app is not None and faults is not None:
            install(app, faults)
        self.quiet = quiet
        self._server: BaseWSGIServer | None = None
        self._thread: threading.Thread | None = None

    def bind(self) -> MockServer:
        """Open the listening socket (without serving yet) so :attr:`url` is known."""
        self._bind()
        return self

    def _bind(self) -> BaseWSGIServer:
        if self._server is None:
            handler = _QuietRequestHandler if self.quiet else WSGIRequestHandler
            self._server = make_server(
                self.host, self.port, self.app, threaded=True, request_handler=handler
            )
            self.port = self._server.server_port
        return self._server

    @property
    def url(self) -> str:
        """Base URL without a trailing slash, e.g. ``http://127.0.0.1:54321``."""
        if self._server is None:
            raise RuntimeError("MockServer is not started")
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    def start(self) -> MockServer:
        """Listen now and serve from a daemon thread; returns self."""
        if self._thread is not None:
            return self
        server = self._bind()
        self._thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": POLL_INTERVAL_S},
            name=f"mocksite:{self.port}",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving, wait for the thread and close the socket."""
        server, thread = self._server, self._thread
        if server is None:
            return
        if thread is not None:
            server.shutdown()
            thread.join(timeout=10)
        server.server_close()
        self._server = None
        self._thread = None

    def serve_forever(self) -> None:
        """Serve in the foreground until Ctrl-C."""
        server = self._bind()
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.server_close()
            self._server = None

    def __enter__(self) -> MockServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def __repr__(self) -> str:
        where = self.url if self._server is not None else "not listening"
        return f"MockServer({where})"
