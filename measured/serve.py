"""Serving pages first and measuring behind them, for ``mkdocs serve``.

While an author serves the site, pages are rendered from the cache alone, at once;
what is not measured yet says so in place. A background worker
(:mod:`measured.background`, one process, one measurement at a time) measures the
groups the cache lacks and touches :func:`signal_dir`'s file after each, which the
server watches: the pages are rebuilt and the browser reloads. A script edited while
serving is run once at once and its output shown as a *preview*, until the worker
has measured its folder again.

MkDocs loads the hook file afresh for every rebuild, so what must last as long as
the server (the worker, the files seen at start, the previews, the interpreters
found) lives here, in a module that is imported once.
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
from .process import Run, run_script

serving = False  # set by the hook when MkDocs was started as `mkdocs serve`
_worker: subprocess.Popen | None = None
_first_seen: dict[Path, str] = {}  # each script's digest when serving began
_previews: dict[tuple[str, str, str], Run] = {}  # (digest, example, interpreter) -> its one run
interpreters: dict[str, Interpreter | Missing] = {}  # each asked once a session (a process each)


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


def start_worker(root: Path, cache_dir: Path) -> None:
    """Start the background worker, once per server."""
    global _worker
    if _worker is not None and _worker.poll() is None:
        return
    signal_dir(cache_dir).mkdir(parents=True, exist_ok=True)
    with open(cache_dir / "background.log", "ab") as log:
        _worker = subprocess.Popen(
            [sys.executable, "-m", "measured.background", str(root), str(cache_dir)],
            cwd=root,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=log,
            **NEW_GROUP,  # its own group: stopped whole, with the run it is doing
        )


def stop_worker() -> None:
    """Stop the worker and whatever it is running."""
    global _worker
    if _worker is None:
        return
    _signal_group(_worker, "SIGTERM")
    try:
        _worker.wait(timeout=10)
    except subprocess.TimeoutExpired:
        _signal_group(_worker, "SIGKILL")
        _worker.wait()
    _worker = None


def _signal_group(process: subprocess.Popen, name: str) -> None:
    """Send SIGTERM or SIGKILL to the process's group; on Windows, terminate the process."""
    if os.name != "posix":
        with contextlib.suppress(OSError):
            process.terminate()
        return
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, getattr(signal, name))


def status(cache_dir: Path) -> dict:
    """The worker's last word: ``{"doing": ..., "group": n, "groups": N, "runs": k}``, or {}."""
    try:
        return json.loads(status_file(cache_dir).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def remember(examples_dir: Path) -> None:
    """Note each script's digest the first time a build sees it while serving (at the
    start, every script), so that an edit shows as one whether or not its folder was
    measured when serving began."""
    for path in Path(examples_dir).resolve().rglob("*.py"):
        if path not in _first_seen:
            _first_seen[path] = _digest(path)


def edited(path: Path) -> bool:
    """Has this script changed since serving began?"""
    digest = _digest(path)
    return _first_seen.setdefault(path, digest) != digest


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def preview(examples_dir: Path, example: str, interpreter: Interpreter, timeout: float = 60) -> Run:
    """One run of an edited script, kept for as long as the script stays as it is."""
    run = Example.parse(example)
    path = run.path(examples_dir)
    key = (_digest(path), example, interpreter.fingerprint)
    if key not in _previews:
        _previews[key] = run_script(path, interpreter.run_command, timeout=timeout, args=list(run.args))
    return _previews[key]
