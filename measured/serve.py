"""Serving pages first and measuring behind them, for ``mkdocs serve``.

While an author serves the site, pages are rendered from the cache alone, at once;
what is not measured yet says so in place. A background worker
(:mod:`measured.background`, one process, one measurement at a time) measures the
groups the cache lacks and touches :func:`signal_dir`'s file after each, which the
server watches: the pages are rebuilt and the browser reloads. A script edited while
serving is run once at once and its output shown as a *preview*, until the worker
has measured its folder again.

What lasts as long as the server (the worker, the files seen at start, the previews,
the interpreters found) is a :class:`Serving`, which the hook makes when MkDocs starts
serving and hands to each build: the pages' handlers reach it through their ``Build``.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

from .benchmark import Example
from .interpreter import Interpreter, Missing
from .launch import Launcher
from .process import Run, run_script
from .settings import Environment


def signal_dir(cache_dir: Path) -> Path:
    """The folder the server watches: the worker touches a file in it after each group."""
    return cache_dir / "serve"


def status_file(cache_dir: Path) -> Path:
    """What the worker is measuring now (outside the watched folder: it changes every run)."""
    return cache_dir / "background.json"


# A process group of its own on POSIX; on Windows a process group for the console, and
# the worker's scripts die with it all the same (each run's Job Object is killed on close).
if os.name == "posix":
    NEW_GROUP: dict = {"start_new_session": True}
else:
    NEW_GROUP = {"creationflags": subprocess.CREATE_NEW_PROCESS_GROUP}


class Serving:
    """One ``mkdocs serve`` session: its background worker, each script as serving began, the
    previews of the scripts edited since, and the interpreters found (each asked once a session)."""

    def __init__(self, root: Path, examples_dir: Path, cache_dir: Path) -> None:
        self.root = root
        self.examples_dir = Path(examples_dir).resolve()
        self.cache_dir = cache_dir
        self.worker: subprocess.Popen | None = None
        self.first_seen: dict[Path, str] = {}  # each script's digest when serving began
        self.previews: dict[tuple[str, str, str], Run] = {}  # (digest, example, interpreter) -> its one run
        self.interpreters: dict[str, Interpreter | Missing] = {}  # found by the first build, reused by the next
        self.launcher = Launcher(Environment.read().launcher)  # runs the previews, keeping its launch servers

    def start_worker(self) -> None:
        """Start the background worker, once per server."""
        if self.worker is not None and self.worker.poll() is None:
            return
        signal_dir(self.cache_dir).mkdir(parents=True, exist_ok=True)
        with open(self.cache_dir / "background.log", "ab") as log:
            self.worker = subprocess.Popen(
                [sys.executable, "-m", "measured.background", str(self.root), str(self.cache_dir)],
                cwd=self.root,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=log,
                **NEW_GROUP,  # its own group: stopped whole, with the run it is doing
            )

    def stop_worker(self) -> None:
        """Stop the worker and whatever it is running, and the previews' launch servers."""
        self.launcher.close()
        if self.worker is None:
            return
        _signal_group(self.worker, "SIGTERM")
        try:
            self.worker.wait(timeout=10)
        except subprocess.TimeoutExpired:
            _signal_group(self.worker, "SIGKILL")
            self.worker.wait()
        self.worker = None

    def status(self) -> dict:
        """The worker's last word: ``{"doing": ..., "group": n, "groups": N, "runs": k}``, or {}."""
        try:
            return json.loads(status_file(self.cache_dir).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}

    def remember(self) -> None:
        """Note each script's digest the first time a build sees it while serving (at the
        start, every script), so that an edit shows as one whether or not its folder was
        measured when serving began."""
        for path in self.examples_dir.rglob("*.py"):
            if path not in self.first_seen:
                self.first_seen[path] = _digest(path)

    def edited(self, path: Path) -> bool:
        """Has this script changed since serving began?"""
        digest = _digest(path)
        return self.first_seen.setdefault(path, digest) != digest

    def preview(self, example: str, interpreter: Interpreter, timeout: float = 60) -> Run:
        """One run of an edited script, kept for as long as the script stays as it is."""
        run = Example.parse(example)
        path = run.path(self.examples_dir)
        key = (_digest(path), example, interpreter.fingerprint)
        if key not in self.previews:
            command, args = interpreter.run_command, list(run.args)
            self.previews[key] = run_script(path, command, timeout=timeout, args=args, launcher=self.launcher)
        return self.previews[key]


def _signal_group(process: subprocess.Popen, name: str) -> None:
    """Send SIGTERM or SIGKILL to the process's group; on Windows, terminate the process."""
    if os.name != "posix":
        with contextlib.suppress(OSError):
            process.terminate()
        return
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, getattr(signal, name))


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
