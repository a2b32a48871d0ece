"""A built site over HTTP on 127.0.0.1, optionally with text gzipped as a real host sends it."""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

# Types a static host (GitHub Pages included) gzips besides text/*.
COMPRESSIBLE = {"application/javascript", "application/json", "application/xml", "image/svg+xml"}


def compressible(kind: str) -> bool:
    """Whether a host gzips a response of this content type."""
    return kind.startswith("text/") or kind in COMPRESSIBLE


class Quiet(http.server.SimpleHTTPRequestHandler):
    """Serves a folder without logging; with ``compress``, sends text gzipped as a real host does."""

    compress = False

    def log_message(self, format, *args):
        pass

    def do_GET(self):
        path = Path(self.translate_path(self.path))
        if self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        kind = self.guess_type(str(path))
        wanted = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (self.compress and compressible(kind) and path.is_file() and wanted):
            return super().do_GET()
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@contextlib.contextmanager
def serving(folder: Path, compress: bool = False) -> Iterator[str]:
    """A built site over HTTP on 127.0.0.1 (any free port); yields its base URL."""
    handler = functools.partial(type("Handler", (Quiet,), {"compress": compress}), directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
