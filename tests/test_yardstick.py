"""The yardstick's arithmetic and table (measured/yardstick.py), from made-up figures: nothing is timed."""

import ast

import pyperf
import pytest
from support import written_each_round

from measured import claims, yardstick
from measured.config import Config
from measured.settings import Layout
from measured.suite import Suite


@pytest.fixture(scope="module")
def python(tmp_path_factory):
    return Suite(tmp_path_factory.mktemp("examples"), tmp_path_factory.mktemp("cache")).default


def suite(**values_by_name: list[float]) -> pyperf.BenchmarkSuite:
    """A pyperf suite as its JSON would load: one run per benchmark, values in seconds."""
    benchmarks = [
        pyperf.Benchmark([pyperf.Run(values, metadata={"name": name, "loops": 4}, collect_metadata=False)])
        for name, values in values_by_name.items()
    ]
    return pyperf.BenchmarkSuite(benchmarks)


def test_pyperf_figures_are_milliseconds_with_half_the_interquartile_range():
    figures = yardstick.pyperf_figures(suite(fork=[0.002, 0.003, 0.004, 0.005, 0.006], thread=[0.0001]))
    assert figures["fork"] == pytest.approx((4.0, 1.0))  # quartiles 3 and 5 ms
    assert figures["thread"] == pytest.approx((0.1, 0.0))


def test_a_listings_figures_pool_every_value_of_its_rounds_as_a_page_does():
    bars = [{"label": "fork", "value": 2.0, "spread": 0.01}]
    written = [
        {"title": "Start and join one process", "unit": "ms", "bars": bars, "fork": [2.0, 2.01, 2.02]},
        {"title": "Start and join one process", "unit": "ms", "bars": bars, "fork": [2.4, 2.41, 2.42]},
        {"title": "Start and join one process", "unit": "ms", "bars": bars, "fork": [2.2, 2.21, 2.22]},
    ]
    # quartiles 2.02 and 2.4: the variation between the runs, not within one (0.01)
    assert yardstick.listing_figures(written) == {"fork": pytest.approx((2.21, 0.19))}


def test_a_page_and_the_yardstick_read_a_listing_alike(python):
    """The yardstick's figure for a listing is what the page's data() ± spread() show."""
    written = [{"fork": [2.0, 2.5, 2.1]}, {"fork": [3.0, 2.2, 2.9]}, {"fork": [2.6, 2.05, 2.3]}]
    measurement = written_each_round(python, "s/costs.py", written)
    fork = "'s/costs.py', 'start_cost.json', 'fork'"
    page = claims.evaluate(f"(data({fork}), spread({fork}))", python, lambda e, i: measurement)
    assert yardstick.listing_figures(written)["fork"] == pytest.approx(page)


def test_the_yardstick_runs_each_listing_as_many_times_as_a_build_does():
    config = Config.load(Layout().examples)
    for listing in yardstick.LISTINGS:
        folder, name = listing.split("/")
        assert yardstick.build_rounds(listing) == config.settings(folder).rounds_of(name) >= 5


def test_the_ratio_agrees_within_the_target_and_not_beyond():
    pyperf_fork = {"fork": (2.0, 0.1)}
    inside, outside, below = (
        yardstick.rows("CPython 3.14", {"start_methods/costs.py": {"fork": (ms, 0.1)}}, pyperf_fork)[0]
        for ms in (2.5, 2.6, 1.5)
    )
    assert inside.ratio == pytest.approx(1.25) and inside.agrees
    assert outside.ratio == pytest.approx(1.3) and not outside.agrees
    assert below.ratio == pytest.approx(0.75) and not below.agrees


def test_the_table_flags_what_does_not_agree_and_what_pyperf_did_not_time():
    listings = {
        "start_methods/costs.py": {"fork": (2.4, 0.1), "spawn": (60.0, 3.0)},
        "subinterpreters/start_cost.py": {"subinterpreter": (8.0, 0.5)},
    }
    found = yardstick.rows("CPython 3.11.7", listings, {"fork": (2.38, 0.05), "spawn": (42.5, 1.0)})
    lines = yardstick.table(found).splitlines()
    assert lines[0].split() == ["interpreter", "listing", "operation", "site", "(ms)", "pyperf", "(ms)", "site/pyperf"]
    fork, spawn, subinterpreter = lines[1:4]
    assert "costs.py" in fork and "2.4 ± 0.1" in fork and "2.38 ± 0.05" in fork and fork.endswith("1.01")
    assert spawn.endswith("1.41 !")
    assert subinterpreter.endswith("–")  # pyperf gave no figure: no ratio, and not counted as agreeing
    assert lines[-1] == "! 2 of 3 outside 0.8–1.25 of pyperf's figure"


def test_every_figure_agreeing_is_said_so():
    found = yardstick.rows("CPython 3.14", {"start_methods/costs.py": {"fork": (2.0, 0.1)}}, {"fork": (2.1, 0.1)})
    assert yardstick.table(found).splitlines()[-1] == "every figure within 0.8–1.25 of pyperf's"


def top_imports(path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in tree.body:
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            names.add((node.module or "").split(".")[0])
    return names


def test_the_benchmark_script_imports_at_its_top_no_more_than_the_listings_do():
    """A spawned child runs the top of its main file again, the listing's or pyperf's
    benchmark script: an import only one of them makes would be timed in one only."""
    listings = set().union(*(top_imports(Layout().examples / listing) for listing in yardstick.LISTINGS))
    bench = top_imports(yardstick.BENCH)
    assert bench <= listings, f"yardstick_bench.py imports {bench - listings} at its top, which no listing does"
    assert "pyperf" not in bench
