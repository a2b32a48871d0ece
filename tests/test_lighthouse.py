"""Which Lighthouse the site audit runs (the newest that the installed Node supports), and which run it reports."""

from __future__ import annotations

import pytest

from measured.audit.lighthouse import RELEASES, lighthouse_for, median_run, unavailable


@pytest.mark.parametrize(
    ("node", "package"),
    [
        ((24, 3), "lighthouse@13.5.0"),
        ((22, 19), "lighthouse@13.5.0"),
        ((22, 18), "lighthouse@12.8.2"),  # Lighthouse 13 needs 22.19
        ((20, 20), "lighthouse@12.8.2"),
        ((18, 16), "lighthouse@12.8.2"),
        ((18, 15), None),
        (None, None),
    ],
)
def test_the_newest_lighthouse_that_runs_on_the_node_installed(node, package):
    assert lighthouse_for(node) == package


def test_the_releases_are_newest_first():
    assert sorted(RELEASES, reverse=True) == RELEASES


def test_an_old_node_is_a_reason_not_to_run():
    assert unavailable((16, 20)) == "Node 16.20 is too old for Lighthouse (needs 18.16 or later)"


def test_of_several_runs_the_one_with_the_median_performance_is_reported():
    runs = [
        {"categories": {"performance": {"score": score}}, "run": n}
        for n, score in enumerate([0.97, 0.91, None, 0.95, 0.96])
    ]
    assert median_run(runs)["run"] == 3  # 0, 0.91, [0.95], 0.96, 0.97: a run with no score counts as 0
