"""`slow` is what a test says of itself, never its name: a renamed test keeps its mark, and
a test that asks for the built site without the mark stops the run at collection.

Each case is pytest's collection, in this process, of a small test file with this folder's
conftest.py as a plugin."""

from __future__ import annotations

import textwrap

import pytest

pytest_plugins = ("pytester",)


def collect(pytester: pytest.Pytester, source: str) -> pytest.RunResult:
    """``pytest --collect-only -m "not slow"`` on ``source``, with the fixtures and hooks of tests/conftest.py."""
    pytester.makepyfile(test_sample=textwrap.dedent(source))
    return pytester.runpytest_inprocess("-p", "conftest", "--collect-only", "-q", "-m", "not slow")


def test_a_test_is_slow_by_its_mark_never_by_its_name(pytester):
    done = collect(
        pytester,
        """
        import pytest

        def test_runs_alone_in_an_empty_folder():  # the name of a slow test elsewhere: fast here
            pass

        @pytest.mark.slow
        def test_reads_the_site(site):
            pass
        """,
    )
    assert done.ret == 0, done.outlines
    assert "test_sample.py::test_runs_alone_in_an_empty_folder" in done.outlines
    assert not [line for line in done.outlines if "test_reads_the_site" in line]


def test_a_test_that_needs_the_site_without_the_mark_stops_the_run(pytester):
    done = collect(pytester, "def test_reads_the_site(site):\n    pass\n")
    assert done.ret == pytest.ExitCode.USAGE_ERROR
    assert "not marked slow" in done.errlines[0] and "test_sample.py::test_reads_the_site" in done.errlines[1]
