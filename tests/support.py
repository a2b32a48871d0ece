"""Helpers the tests share (conftest.py holds the fixtures): paths, the build command,
hostile scripts, survivors. Neighbours, for the contention a test needs, are in neighbours.py."""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import psutil
import pytest

from measured.benchmark import Measurement, Sample
from measured.interpreter import this_machine
from measured.process import Run
from measured.settings import MKDOCS_ENV

ROOT = Path(__file__).resolve().parents[1]
HOSTILE = Path(__file__).resolve().parent / "hostile"
MKDOCS = [sys.executable, "-m", "mkdocs", "build"]
# MkDocs as the tests run it: the checkout's runner importable wherever the build runs (a
# project of a test's own names this checkout's hook by its path; `python -m mkdocs` puts
# only the folder it runs in on sys.path)
ENV = {**os.environ, **MKDOCS_ENV, "PYTHONPATH": str(ROOT)}


PLATFORMS = {"Linux": "linux", "macOS": "darwin", "Windows": "win32"}  # sys.platform on each


def stand_in(path: Path, version: str, free_threaded: bool, system: str = "Linux") -> Path:
    """An executable at ``path`` that answers the interpreter probe as CPython ``version`` of
    that build would on ``system`` (a shell script: it runs on Linux and macOS)."""
    said = {
        "executable": str(path),
        "implementation": "CPython",
        "version": version,
        "sys_version": f"{version} free-threading build" if free_threaded else version,
        "free_threaded_build": free_threaded,
        "gil_enabled": not free_threaded,
        "start_method": "forkserver" if system == "Linux" else "spawn",
        "switch_interval": 0.005,
        "usable_cores": 4,
        "platform": PLATFORMS[system],
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"#!/bin/sh\necho '{json.dumps(said)}'\n")
    path.chmod(0o755)
    return path


def write_files(folder: Path, files: dict[str, str]) -> None:
    """Each text of ``files`` written at its path under ``folder``, folders made as needed."""
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text)


def survivors(word: str) -> list[str]:
    """Command lines of live processes that carry ``word`` (psutil: on every OS)."""
    found = []
    for proc in psutil.process_iter(["cmdline", "status"]):
        cmdline = " ".join(proc.info["cmdline"] or [])
        if word in cmdline and proc.info["status"] != psutil.STATUS_ZOMBIE:
            found.append(f"{proc.pid}: {cmdline}")
    return found


def usable_cores() -> int:
    """The cores this process may run on, on every OS (os.sched_getaffinity is Linux's)."""
    return this_machine().usable_cores


def copy_hostile(examples: Path, *names: str, folder: str = "hostile") -> None:
    """Copy scripts from tests/hostile/ into ``examples/<folder>/``."""
    (examples / folder).mkdir(exist_ok=True)
    for name in names:
        shutil.copy(HOSTILE / name, examples / folder / name)


def built(suite):
    """``suite`` after the steps a build takes before its pages render, in their order: every
    group measured (or read from the cache), rounds added where claims are not decided, and
    every claim it was given decided. A lookup never does any of them."""
    suite.measure_all()
    suite.settle_all()
    suite.decide_all()
    return suite


def chromium_or_skip() -> str:
    """The Chromium the browser tests drive; without one their module is skipped, with a note
    on how to get one, except in CI (CI=true), where a missing browser is a failure."""
    from measured.audit.browser import find_chromium  # only where a browser is wanted

    found = find_chromium()
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("CI needs chromium for the browser tests: .ci/run installs it with apt-get", pytrace=False)
        pytest.skip(
            "browser tests skipped: no chromium on PATH (sudo apt-get install chromium, or set CHROMIUM to a Chrome"
            " binary, then make test)",
            allow_module_level=True,
        )
    return found


def written_each_round(python, example: str, rounds: list[dict]) -> Measurement:
    """A start-cost listing's measurement: each round's run wrote ``start_cost.json`` with what ``rounds`` holds
    (every value it timed, by operation)."""
    samples = [
        Sample(n, Run(0, False, 1.0, 1.0, 1024, "", "", 0, 0, files={"start_cost.json": json.dumps(written)}))
        for n, written in enumerate(rounds, start=1)
    ]
    return Measurement(example, python, this_machine(), samples, "2026-01-01T00:00:00Z")


def navigable_context(browser, served: str, site: Path, viewport: dict):
    """A browser context in which Material's instant navigation works on 127.0.0.1: it takes
    over only links to pages its sitemap lists, and the sitemap names the published host."""
    from measured.audit.site import site_url  # only where a browser is wanted

    root = site_url(site)
    context = browser.new_context(viewport=viewport)

    def local_sitemap(route):
        response = route.fetch()
        route.fulfill(response=response, body=response.text().replace(root, served + "/"))

    context.route(f"{served}/sitemap.xml", local_sitemap)
    return context
