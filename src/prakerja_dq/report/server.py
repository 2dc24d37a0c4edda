"""A tiny static server for the report folder that refuses anything outside it."""

from __future__ import annotations

import functools
import posixpath
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit


def is_safe_request_path(raw_path: str) -> bool:
    """False for paths that try to leave the served folder.

    >>> is_safe_request_path("/evidence.html")
    True
    >>> is_safe_request_path("/../etc/passwd")
    False
    >>> is_safe_request_path("/data_docs/%2e%2e/%2e%2e/secret")
    False
    """
    path = unquote(urlsplit(raw_path).path)
    if "\x00" in path or "\\" in path:
        return False
    return ".." not in path.split("/") and not posixpath.normpath(path).startswith("..")


class ReportRequestHandler(SimpleHTTPRequestHandler):
    """Serves files under ``directory``; traversal attempts get 404, directory listings are off."""

    def send_head(self):  # type: ignore[override]
        root = Path(self.directory).resolve()
        if not is_safe_request_path(self.path):
            self.send_error(HTTPStatus.NOT_FOUND, "Not found")
            return None
        target = Path(self.translate_path(self.path)).resolve()
        if target != root and root not in target.parents:
            self.send_error(HTTPStatus.NOT_FOUND, "Not found")
            return None
        if target.is_dir() and not (target / "index.html").is_file():
            self.send_error(HTTPStatus.NOT_FOUND, "Not found")
            return None
        return super().send_head()

    def end_headers(self) -> None:
        self.send_header("X-Content-Type-Options", "nosniff")
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


def make_report_server(report_dir: Path, *, host: str = "127.0.0.1", port: int = 0) -> ThreadingHTTPServer:
    """A server bound to ``host:port`` (port 0 picks a free one) that serves ``report_dir``."""
    handler = functools.partial(ReportRequestHandler, directory=str(Path(report_dir).resolve()))
    return ThreadingHTTPServer((host, port), handler)


def serve_report(report_dir: Path, *, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Serve the report until interrupted."""
    server = make_report_server(report_dir, host=host, port=port)
    bound_host, bound_port = server.server_address[:2]
    print(f"serving {report_dir} at http://{bound_host}:{bound_port}/ (Ctrl-C stops)", flush=True)
    try:
        server.serve_forever()
    finally:
        server.server_close()
