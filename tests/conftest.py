"""Shared fixtures and helpers: paths, the built site and a server for it, scratch examples, survivors."""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import os
import shutil
import signal
import subprocess
import sys
import threading
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
HOSTILE = Path(__file__).resolve().parent / "hostile"
sys.path.insert(0, str(ROOT))
from measured.buildbench import problems  # noqa: E402

MKDOCS = [sys.executable, "-m", "mkdocs", "build"]
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The real site, built with strict: true (any warning fails it)."""
    out = tmp_path_factory.mktemp("site")
    command = [*MKDOCS, "--strict", "--site-dir", str(out)]
    done = subprocess.run(command, cwd=ROOT, env=ENV, capture_output=True, text=True)
    assert done.returncode == 0, f"strict build failed:\n{problems(done.stderr)}"
    return out


@pytest.fixture(scope="session")
def served(site):
    """The built site over HTTP on 127.0.0.1; yields its base URL."""
    with serving(site) as base:
        yield base


COMPRESSIBLE = {"application/javascript", "application/json", "application/xml", "image/svg+xml"}


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
        text = kind.startswith("text/") or kind in COMPRESSIBLE
        if not (self.compress and text and path.is_file() and "gzip" in self.headers.get("Accept-Encoding", "")):
            return super().do_GET()
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@contextlib.contextmanager
def serving(folder: Path, compress: bool = False):
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


@pytest.fixture
def marker(monkeypatch) -> str:
    """A unique word the hostile scripts put in their children's command lines."""
    word = f"hostile-{uuid.uuid4().hex}"
    monkeypatch.setenv("HOSTILE_MARKER", word)
    return word


@pytest.fixture
def ctrl_c():
    """Ctrl-C as at a terminal: SIGINT raises KeyboardInterrupt, here and in the processes
    the test starts, even when the tests run in the background, where the shell has
    SIGINT ignored (and an ignored signal stays ignored across exec)."""
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, previous)


def survivors(word: str) -> list[str]:
    """Command lines of live processes that carry ``word``."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmdline = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            state = next(line for line in (proc / "status").read_text().splitlines() if line.startswith("State"))
        except (OSError, StopIteration):
            continue
        if word in cmdline and "zombie" not in state:
            found.append(f"{proc.name}: {cmdline}")
    return found


@pytest.fixture
def examples(tmp_path) -> Path:
    """An empty examples folder to fill with scripts."""
    folder = tmp_path / "examples"
    folder.mkdir()
    return folder


def copy_hostile(examples: Path, *names: str, folder: str = "hostile") -> None:
    (examples / folder).mkdir(exist_ok=True)
    for name in names:
        shutil.copy(HOSTILE / name, examples / folder / name)


@pytest.fixture(autouse=True)
def _quiet_env(monkeypatch):
    """Tests choose their own freshness and interpreters."""
    for variable in ("MEASURED_FRESH", "MEASURED_INTERPRETERS", "MEASURED_EXECUTE"):
        monkeypatch.delenv(variable, raising=False)
    yield
    os.environ.pop("HOSTILE_MARKER", None)
