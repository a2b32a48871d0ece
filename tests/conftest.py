"""Fixtures: the built site and a server for it, scratch examples, a marker for hostile scripts, Ctrl-C,
a quiet machine.

Plain helpers live in support.py; the site audit the browser and link tests use is
:mod:`measured.audit`.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from support import ENV, MKDOCS, ROOT, chromium_or_skip

from measured import interpreter, process
from measured.audit.browser import launch
from measured.audit.build import problems
from measured.audit.serve import serving
from measured.launch import LAUNCHERS, chosen

# What `make check` leaves out (`pytest -m "not slow"`) is marked on each test (or module)
# itself: the tests that need the whole site built, drive Chromium or `mkdocs serve`, build
# projects of their own or the real site, run every example, measure beside neighbours, or go
# through another OS's launcher. A test that asks for the built site without the mark would
# build it in the fast loop: that stops the run at collection instead.
NEEDS_THE_SITE = {"site", "served"}


def pytest_collection_modifyitems(items):
    unmarked = [item.nodeid for item in items if NEEDS_THE_SITE & set(item.fixturenames) and not slow(item)]
    if unmarked:
        raise pytest.UsageError("these tests need the built site and are not marked slow:\n" + "\n".join(unmarked))


def slow(item) -> bool:
    return item.get_closest_marker("slow") is not None


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The real site, built with strict: true (any warning fails it); the one `make test`
    built just before running the tests, when it names it in MEASURED_SITE."""
    built = os.environ.get("MEASURED_SITE")
    if built and (ROOT / built / "index.html").is_file():
        return ROOT / built
    out = tmp_path_factory.mktemp("site")
    command = [*MKDOCS, "--strict", "--site-dir", str(out)]
    done = subprocess.run(command, cwd=ROOT, env=ENV, capture_output=True, text=True)
    assert done.returncode == 0, f"strict build failed:\n{problems(done.stderr)}"
    return out


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium, one for every browser test of the session."""
    with launch(chromium_or_skip()) as launched:
        yield launched


@pytest.fixture(scope="session")
def served(site):
    """The built site over HTTP on 127.0.0.1; yields its base URL."""
    with serving(site) as base:
        yield base


@pytest.fixture(scope="session", autouse=True)
def _tests_interpreter_probed_once():
    """The interpreter running the tests is asked what it is once a session, not by each of the
    hundred suites the tests make (a process each, a quarter of the fast loop's time). Asked
    again when its file, this process's CPUs or the environment differ; any other command, each
    time, as a build does."""
    answers: dict[tuple, interpreter.Interpreter] = {}
    probe = interpreter._probe

    def probed_once(command: str, timeout: float) -> interpreter.Interpreter:
        if command != sys.executable:
            return probe(command, timeout)
        stat = os.stat(command)
        cpus = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else None
        environment = frozenset(item for item in os.environ.items() if item[0] != "PYTEST_CURRENT_TEST")
        key = (stat.st_ino, stat.st_size, stat.st_mtime_ns, frozenset(cpus or ()), environment)
        if key not in answers:
            answers[key] = probe(command, timeout)
        return answers[key]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(interpreter, "_probe", probed_once)
        yield


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


# The platform's own launcher is in the fast loop; the other two are for `make test`.
NATIVE = chosen()


@pytest.fixture(params=[name if name == NATIVE else pytest.param(name, marks=pytest.mark.slow) for name in LAUNCHERS])
def launcher(request, monkeypatch) -> str:
    """Each launcher in turn (Linux's launch server, macOS's, the portable one), forced as
    MEASURED_LAUNCHER does, for this process and the builds the test starts."""
    if os.name == "nt" and request.param != "portable":
        pytest.skip("Windows has only the portable launcher")
    monkeypatch.setenv("MEASURED_LAUNCHER", request.param)
    return request.param


@pytest.fixture
def examples(tmp_path) -> Path:
    """An empty examples folder to fill with scripts."""
    folder = tmp_path / "examples"
    folder.mkdir()
    return folder


@pytest.fixture
def quiet_machine(monkeypatch):
    """Every run measured meanwhile reads as if no other program had used the CPU (contention 0).

    For tests of what is decided from the rounds (claims, settling), not of how busy the
    machine was: which rounds another program disturbs is the machine's doing, and would
    decide for them. Tests of contention make their own, with tests/neighbours.py."""
    monkeypatch.setattr(process, "_contention", lambda *args: 0.0)


@pytest.fixture(autouse=True)
def _quiet_env(monkeypatch):
    """Tests choose their own settings: every MEASURED_* variable is cleared, but the
    site that `make test` built for them (MEASURED_SITE)."""
    for variable in [name for name in os.environ if name.startswith("MEASURED_") and name != "MEASURED_SITE"]:
        monkeypatch.delenv(variable)
    yield
    os.environ.pop("HOSTILE_MARKER", None)
