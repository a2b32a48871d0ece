"""The author's loop: `mkdocs serve` answers at once and measures behind the pages.

Each test serves a scratch copy of the site (measured.servebench), with an empty cache
or a copy of the checkout's, so the real cache, pages and examples are never touched. Timings are the build benchmark's
business (make bench prints them against their targets); these tests check what an
author sees, with generous limits that only catch a server that measures first.
"""

from __future__ import annotations

import json

import pytest
from support import survivors

from measured.servebench import ServedCopy

pytestmark = pytest.mark.slow  # runs `mkdocs serve`


@pytest.fixture
def served():
    with ServedCopy() as copy:
        yield copy


def test_serve_answers_before_anything_is_measured_and_measures_behind():
    copy = ServedCopy()
    (copy.folder / "examples" / "models" / "io_threads.py").touch()  # the newest folder is measured first
    with copy as served:
        served.wait_for("/", "</html>", timeout=60)
        signal = served.folder / ".cache" / "measured" / "serve" / "measured"
        tour = served.page("/tour/")
        assert "Not measured yet" in tour or signal.exists()  # pages first: results follow
        assert "examples/models/io_threads.py" in tour  # the listing shows before its output
        served.wait_for("/tour/", "measured-claim--holds", timeout=180)  # the worker's results arrive


def test_an_edited_example_is_previewed_at_once_then_measured(served):
    served.wait_for("/tour/", "</html>", timeout=60)
    served.edit("models/io_threads.py", "finished", "done, edited")
    served.wait_for("/tour/", "done, edited", "Preview: one run of the edited script", timeout=30)
    served.wait_for("/tour/", "done, edited", "cached from a run", timeout=180)  # its folder measured
    assert "Preview: one run of the edited script" not in served.page("/tour/")


def test_with_results_cached_an_edited_example_is_previewed_and_an_edited_page_rebuilt():
    # as an author serves after the first time: the checkout's cache, built by make test
    with ServedCopy(cached=True) as served:
        served.wait_for("/tour/", "</html>", timeout=60)
        pages = {location.split("#")[0] for location in search_locations(served)}
        served.edit("gil.md", "# What the GIL is and why it exists", "# What the GIL is, edited", folder="docs")
        served.wait_for("/gil/", "is, edited", timeout=30)  # "GIL" itself is the glossary's <abbr>
        served.edit("models/io_threads.py", "finished", "done, edited")  # several pages are rebuilt
        served.wait_for("/tour/", "done, edited", "Preview: one run of the edited script", timeout=30)
        locations = search_locations(served)
        assert len(locations) == len(set(locations))  # each page's entries once, the newest
        assert {location.split("#")[0] for location in locations} == pages  # and every page's


def search_locations(served: ServedCopy) -> list[str]:
    return [entry["location"] for entry in json.loads(served.page("/search/search_index.json") or "{}")["docs"]]


def test_stopping_the_server_stops_its_worker(tmp_path):
    with ServedCopy() as copy:
        copy.wait_for("/", "</html>", timeout=60)
        folder = str(copy.folder)
        assert survivors(f"measured.background {folder}")  # the worker runs while serving
    assert survivors(f"measured.background {folder}") == []
