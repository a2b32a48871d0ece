"""The author's loop, timed: ``mkdocs serve`` on a copy of the site.

A :class:`ServedCopy` copies the pages, examples and runner into a scratch folder
(with an empty cache, or a copy of the checkout's), starts ``mkdocs serve`` there and
reads pages over HTTP, so that a test or the build benchmark can time what an author
waits for: the first page, the preview of an edited example, and an edited page. The
copy keeps the real cache, pages and examples untouched.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from .settings import MKDOCS_ENV, ROOT

COPIED = ("docs", "examples", "measured", "mkdocs.yml", ".github")  # a page includes the publishing workflow
SERVE = ("serve", "--no-strict", "--dirty")  # as `make serve` runs it


class ServedCopy:
    """``mkdocs serve`` on a scratch copy of the site, stopped (worker included) on exit."""

    def __init__(self, cached: bool = False) -> None:
        """``cached``: start from a copy of the checkout's cache (as an author does after
        the first time) instead of an empty one."""
        self.folder = Path(tempfile.mkdtemp(prefix="measured-serve-"))
        for name in (*COPIED, ".cache") if cached else COPIED:
            source = ROOT / name
            if source.is_dir():
                shutil.copytree(source, self.folder / name, ignore=shutil.ignore_patterns("__pycache__"))
            else:
                shutil.copy(source, self.folder / name)
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.server: subprocess.Popen | None = None

    def __enter__(self) -> ServedCopy:
        with open(self.folder / "serve.log", "wb") as log:
            self.server = subprocess.Popen(
                [sys.executable, "-m", "mkdocs", *SERVE, "--dev-addr", f"127.0.0.1:{self.port}"],
                cwd=self.folder,
                env={**os.environ, **MKDOCS_ENV},
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=log,
                start_new_session=True,
                # Ctrl-C as at a terminal, even when this runs in the background, where the
                # shell leaves SIGINT ignored and an ignored signal stays ignored across exec
                preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
            )
        return self

    def __exit__(self, *exc) -> None:
        if self.server and self.server.poll() is None:
            os.killpg(self.server.pid, signal.SIGINT)  # as Ctrl-C: MkDocs stops its worker on the way out
            try:
                self.server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.server.pid, signal.SIGKILL)
                self.server.wait()
        shutil.rmtree(self.folder, ignore_errors=True)

    def page(self, path: str) -> str | None:
        """The page's HTML, or None if the server does not answer (yet)."""
        try:
            with urllib.request.urlopen(self.url + path, timeout=5) as response:
                return response.read().decode("utf-8", errors="replace")
        except OSError:
            return None

    def wait_for(self, path: str, *texts: str, timeout: float = 60) -> float:
        """Seconds until ``path`` answers with every one of ``texts``; TimeoutError if it never does."""
        started = time.perf_counter()
        while time.perf_counter() - started < timeout:
            html = self.page(path)
            if html is not None and all(text in html for text in texts):
                return time.perf_counter() - started
            if self.server and self.server.poll() is not None:
                raise RuntimeError(f"mkdocs serve exited: {self.log()[-2000:]}")
            time.sleep(0.1)
        raise TimeoutError(f"{path} did not show {texts} within {timeout} s; log:\n{self.log()[-2000:]}")

    def log(self) -> str:
        return (self.folder / "serve.log").read_text(encoding="utf-8", errors="replace")

    def edit(self, file: str, old: str, new: str, folder: str = "examples") -> None:
        """Replace ``old`` with ``new`` in ``folder/file`` (an example, or a page with folder="docs")."""
        path = self.folder / folder / file
        text = path.read_text(encoding="utf-8")
        if old not in text:
            raise ValueError(f"{folder}/{file} has no {old!r} to edit")
        path.write_text(text.replace(old, new, 1), encoding="utf-8")


def timings() -> tuple[float, float, float]:
    """Seconds from ``mkdocs serve`` on an empty cache to the first page, from editing
    an example to its new output on the page, as a preview, and (on a copy of the
    checkout's cache) from editing a page until the server has it."""
    with ServedCopy() as served:
        first = served.wait_for("/", "</html>")
        served.wait_for("/tour/", "</html>")
        served.edit("models/io_threads.py", "finished", "done, edited")
        preview = served.wait_for("/tour/", "done, edited", "Preview: one run of the edited script")
    with ServedCopy(cached=True) as served:
        served.wait_for("/gil/", "</html>")
        time.sleep(2)  # past the first build's reloads
        served.edit("gil.md", "# What the GIL is and why it exists", "# What the GIL is, edited", folder="docs")
        page = served.wait_for("/gil/", "is, edited")  # "GIL" itself is the glossary's <abbr>
    return first, preview, page
