"""Loopback HTTP server for a ``Sandbox`` (stdlib ThreadingHTTPServer, HTTP/1.1 keep-alive)."""

from __future__ import annotations

import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING

from notion_setup.errors import UsageError
from notion_setup.sandbox.webview import is_view_path, serve_path

if TYPE_CHECKING:
    from notion_setup.sandbox.core import Sandbox


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out in one write only if Nagle is off; else delayed ACKs cost 40 ms.
    disable_nagle_algorithm = True
    server: _Server

    def _serve(self) -> None:
        length = int(self.headers.get("content-length") or 0)
        body = self.rfile.read(length) if length else b""
        sandbox = self.server.sandbox
        if is_view_path(self.command, self.path):
            self._web_view()
            return
        outcome = sandbox.handle(self.command, self.path, dict(self.headers.items()), body)
        if outcome.action != "respond":
            if outcome.action == "timeout" and sandbox.timeout_hold_s:
                sandbox.sleep(sandbox.timeout_hold_s)
            # The write committed but the client gets no answer: close the connection.
            self.close_connection = True
            return
        self.send_response(outcome.status)
        for name, value in outcome.headers.items():
            self.send_header(name, value)
        self.send_header("content-length", str(len(outcome.body)))
        self.end_headers()
        self.wfile.write(outcome.body)

    def _web_view(self) -> None:
        """The read-only web view of the workspace (``/`` and ``/p/...``), beside the API."""
        with self.server.view_lock:
            self.server.view_requests.append(self.path)
        status, headers, page = serve_path(
            self.server.sandbox, self.path, accept_language=self.headers.get("accept-language")
        )
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("content-length", str(len(page)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(page)

    do_GET = _serve
    do_HEAD = _serve
    do_POST = _serve
    do_PATCH = _serve
    do_DELETE = _serve
    do_PUT = _serve

    def log_message(self, format: str, *args: object) -> None:
        """Silence the default per-request line on stderr (the sandbox keeps its own log)."""


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    sandbox: Sandbox
    #: Paths of the web view's requests, in order (tests count what a browser asked for).
    view_requests: list[str]
    view_lock: threading.Lock

    def handle_error(self, request: object, client_address: object) -> None:
        """A client that went away mid-answer (killed, timed out) is normal; say nothing."""
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)  # type: ignore[arg-type]


class RunningServer:
    """A sandbox served on a loopback port."""

    def __init__(self, httpd: _Server, thread: threading.Thread) -> None:
        self.httpd = httpd
        self.thread = thread
        host, port = httpd.server_address[:2]
        self.host = str(host)
        self.port = int(port)
        self.base_url = f"http://{self.host}:{self.port}"

    @property
    def view_requests(self) -> list[str]:
        """Every web view path requested so far (the API's requests are in ``request_log``)."""
        with self.httpd.view_lock:
            return list(self.httpd.view_requests)

    def stop(self) -> None:
        """Stop serving and wait for the server thread."""
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join()


def start(sandbox: Sandbox, host: str = "127.0.0.1", port: int = 0) -> RunningServer:
    """Start serving in a background thread (``port`` 0 = any free port)."""
    httpd = _Server((host, port), _Handler)
    httpd.sandbox = sandbox
    httpd.view_requests = []
    httpd.view_lock = threading.Lock()
    # A short poll interval makes shutdown (end of a test) quick.
    thread = threading.Thread(
        target=lambda: httpd.serve_forever(poll_interval=0.05), name="notion-sandbox", daemon=True
    )
    thread.start()
    running = RunningServer(httpd, thread)
    sandbox.base_url = running.base_url
    return running


@contextmanager
def serve(sandbox: Sandbox, host: str = "127.0.0.1", port: int = 0) -> Iterator[RunningServer]:
    """Serve ``sandbox`` over loopback HTTP for the duration of a ``with`` block.

    Example:
        >>> with serve(Sandbox()) as server:  # doctest: +SKIP
        ...     print(server.base_url)
    """
    running = start(sandbox, host, port)
    try:
        yield running
    finally:
        running.stop()


def run_until_stopped(
    sandbox: Sandbox,
    *,
    host: str = "127.0.0.1",
    port: int = 0,
    ready: Callable[[RunningServer], None] | None = None,
    stop: threading.Event | None = None,
) -> None:
    """Serve until Ctrl-C, SIGTERM or ``stop`` is set; ``ready`` is called once listening.

    Raises:
        UsageError: the address cannot be bound (port in use, unknown host).
    """
    stop = stop or threading.Event()
    try:
        running = start(sandbox, host, port)
    except OSError as err:
        raise UsageError(
            f"cannot listen on {host}:{port}: {err.strerror or err}",
            hint="pick another --port, or --port 0 for any free port",
        ) from err
    previous = None
    if threading.current_thread() is threading.main_thread():
        previous = signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        if ready is not None:
            ready(running)
        while not stop.wait(0.2):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        running.stop()
        sandbox.close()
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
