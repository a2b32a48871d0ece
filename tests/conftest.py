"""Fixtures: the built site and a server for it, scratch examples, a marker for hostile scripts, Ctrl-C,
a quiet machine.

Plain helpers live in support.py; the site audit the browser and link tests use is
:mod:`measured.audit`.
"""

from __future__ import annotations

import os
import signal
import subprocess
import uuid
from pathlib import Path

import pytest
from support import ENV, MKDOCS, ROOT

from measured import process
from measured.audit.build import problems
from measured.audit.serve import serving
from measured.launch import LAUNCHERS, chosen

# What `make check` leaves out (`pytest -m "not slow"`): the tests that need the whole
# site built (and so every example measured), drive Chromium or `mkdocs serve`, build
# projects of their own or the real site, run every example, or go through another
# OS's launcher. Everything else is the fast loop.
SLOW_FIXTURES = {"site", "served"}
SLOW_MODULES = {"test_browser", "test_publish_rehearsal", "test_rehearse", "test_serve", "test_site"}
SLOW_TESTS = {
    "test_runs_alone_in_an_empty_folder",
    "test_every_example_runs_with_only_spawn",
    "test_repo_url_sets_every_link_to_the_source",  # builds the real site
    # measure beside neighbours they start (tests/neighbours.py): seconds each, kept out of the fast loop
    "test_a_run_records_how_busy_other_processes_kept_the_machine",
    "test_a_neighbour_on_a_core_the_run_left_idle_does_not_disturb_it",
    # build a project of their own with MkDocs, as test_site does
    "test_a_build_without_execution_renders_everything_from_an_imported_bundle",
    "test_each_machine_shows_in_its_own_tab_with_its_card_output_and_verdict",
    "test_a_claim_false_on_another_machine_fails_the_strict_build_naming_that_machine",
    "test_a_build_that_measures_nothing_shows_the_chosen_machine_first_and_names_the_missing",
}


def pytest_collection_modifyitems(items):
    for item in items:
        slow = SLOW_FIXTURES & set(item.fixturenames) or item.module.__name__ in SLOW_MODULES
        if slow or item.originalname in SLOW_TESTS:
            item.add_marker(pytest.mark.slow)


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
def served(site):
    """The built site over HTTP on 127.0.0.1; yields its base URL."""
    with serving(site) as base:
        yield base


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
