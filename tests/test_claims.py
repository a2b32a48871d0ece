"""Claims (measured/claims.py) decided from the evidence of every round: holds,
contradicted, or not decided; the rule on synthetic rounds (clear pass, clear fail,
straddling, disturbed), the functions claims read, and where a claim applies (when=,
the interpreter's version and build)."""

from __future__ import annotations

import dataclasses
from collections import Counter

import pytest
from support import written_each_round

from measured import claims
from measured.benchmark import Measurement, Sample
from measured.claims import Status
from measured.interpreter import this_machine
from measured.process import Run
from measured.suite import Suite


@pytest.fixture(scope="module")
def python(tmp_path_factory):
    return Suite(tmp_path_factory.mktemp("examples"), tmp_path_factory.mktemp("cache")).default


def run(wall: float, contention: float = 0.0, stdout: str = "") -> Run:
    return Run(0, False, wall, wall, 1024, stdout, "", len(stdout), 0, contention=contention)


def measured(python, example: str, walls: list[float], busy: list[float] | None = None) -> Measurement:
    busy = busy or [0.0] * len(walls)
    samples = [Sample(n, run(w, c)) for n, (w, c) in enumerate(zip(walls, busy, strict=True), start=1)]
    return Measurement(example, python, this_machine(), samples, "2026-01-01T00:00:00Z")


def decide(python, expression: str, results: dict[str, Measurement]) -> claims.Verdict:
    return claims.check(expression, python, lambda example, interpreter: results[example])


SPEEDUP = "speedup('g/base.py', 'g/fast.py') >= 1.5"


def read_nothing(example, interpreter):
    """The lookup for claims that read no measurement."""
    raise AssertionError(f"{example} was read")


def test_a_comfortable_margin_holds(python):
    results = {
        "g/base.py": measured(python, "g/base.py", [1.0, 1.02, 0.98]),
        "g/fast.py": measured(python, "g/fast.py", [0.52, 0.5, 0.51]),
    }
    verdict = decide(python, SPEEDUP, results)
    assert verdict.status == Status.HOLDS and verdict.support == 1.0
    assert verdict.rounds == 3 and verdict.disturbed == 0
    assert verdict.shown == "1.92× ≥ 1.5×" and verdict.interval


def test_a_clear_failure_on_undisturbed_rounds_is_contradicted(python):
    results = {
        "g/base.py": measured(python, "g/base.py", [1.0, 1.0, 1.0]),
        "g/fast.py": measured(python, "g/fast.py", [0.98, 1.0, 1.01]),
    }
    verdict = decide(python, SPEEDUP, results)
    assert verdict.status == Status.CONTRADICTED and verdict.support == 0.0


def test_rounds_that_straddle_the_bound_leave_it_not_decided(python):
    results = {
        "g/base.py": measured(python, "g/base.py", [1.0] * 6),
        "g/fast.py": measured(python, "g/fast.py", [0.6, 0.75, 0.62, 0.72, 0.64, 0.7]),
    }
    verdict = decide(python, SPEEDUP, results)
    assert verdict.status == Status.UNDECIDED
    assert "the rounds disagree" in verdict.reason
    low, high = (float(part.rstrip("×")) for part in verdict.interval.split("–"))
    assert low < 1.5 < high


def test_few_rounds_are_resampled_exactly_and_many_at_random():
    generator = claims.random.Random(0)
    two = {tuple(rounds): weight for rounds, weight in claims._resamples([1, 2], generator)}
    assert two == {(1, 1): 0.25, (1, 2): 0.5, (2, 2): 0.25}  # (1, 2) is drawn in two orders of four
    five = claims._resamples([1, 2, 3, 4, 5], generator)
    assert len(five) == 126 and sum(weight for _, weight in five) == 1
    six = claims._resamples([1, 2, 3, 4, 5, 6], generator)
    assert len(six) == claims.RESAMPLES and all(len(rounds) == 6 for rounds, _ in six)


def test_the_exact_share_is_what_random_draws_estimate(python):
    results = {
        "g/base.py": measured(python, "g/base.py", [1.0] * 4),
        "g/fast.py": measured(python, "g/fast.py", [0.6, 0.75, 0.62, 0.72]),
    }
    exact = decide(python, SPEEDUP, results).support
    generator, reader = claims.random.Random(1), claims.Reader(python, lambda e, i: results[e], "g")
    reader.evaluator.eval(SPEEDUP)
    draws = 20_000
    drawn = Counter(tuple(generator.choices([1, 2, 3, 4], k=4)) for _ in range(draws))  # 256 ways at most
    share = 0
    for rounds, times in drawn.items():  # each way evaluated once, counted as often as it was drawn
        reader.rounds = list(rounds)
        share += times * bool(reader.evaluator.eval(SPEEDUP))
    assert abs(exact - share / draws) < 0.02


def test_disturbed_rounds_never_contradict(python):
    """Rounds that would contradict the claim, but in each of them other processes took the room."""
    cores = this_machine().usable_cores
    results = {
        "g/base.py": measured(python, "g/base.py", [1.0] * 6),
        "g/fast.py": measured(python, "g/fast.py", [1.0] * 6, busy=[cores] * 6),
    }
    verdict = decide(python, SPEEDUP, results)
    assert verdict.status == Status.UNDECIDED and verdict.disturbed == 6
    assert "only 0 of 6 rounds were undisturbed" in verdict.reason
    results["g/fast.py"].samples[0].run.contention = 0.0  # two quiet rounds: still too few to call it false
    results["g/fast.py"].samples[1].run.contention = 0.0
    assert decide(python, SPEEDUP, results).status == Status.UNDECIDED
    results["g/fast.py"].samples[2].run.contention = 0.0  # three: enough
    assert decide(python, SPEEDUP, results).status == Status.CONTRADICTED


def test_disturbed_rounds_can_still_show_a_claim_holds(python):
    cores = this_machine().usable_cores
    results = {
        "g/base.py": measured(python, "g/base.py", [1.0] * 3),
        "g/fast.py": measured(python, "g/fast.py", [0.4] * 3, busy=[cores] * 3),
    }
    assert decide(python, SPEEDUP, results).status == Status.HOLDS


def test_capacity_is_what_two_independent_processes_got_in_the_same_rounds(python):
    results = {
        "g/base.py": measured(python, "g/base.py", [1.0] * 4),
        "g/fast.py": measured(python, "g/fast.py", [0.7] * 4),  # 1.43×: short of 2 cores...
        "g/@capacity 1": measured(python, "g/@capacity 1", [0.1] * 4),
        "g/@capacity 2": measured(python, "g/@capacity 2", [0.135] * 4),  # ...but the machine gave only 1.48
    }
    verdict = decide(python, "speedup('g/base.py', 'g/fast.py') >= 0.8 * capacity()", results)
    assert verdict.status == Status.HOLDS and verdict.shown == "1.43× ≥ 1.19×"
    assert claims.evaluate("capacity('g')", python, lambda e, i: results[e]) == pytest.approx(1.48, abs=0.01)


def test_the_same_evidence_always_gives_the_same_verdict(python):
    results = {
        "g/base.py": measured(python, "g/base.py", [1.0] * 6),
        "g/fast.py": measured(python, "g/fast.py", [0.6, 0.75, 0.62, 0.72, 0.64, 0.7]),
    }
    first, again = decide(python, SPEEDUP, results), decide(python, SPEEDUP, results)
    assert (first.support, first.interval) == (again.support, again.interval)


def test_a_ratio_of_two_times_is_shown_as_a_ratio(python):
    results = {name: measured(python, name, [w] * 3) for name, w in [("g/a.py", 1.0), ("g/b.py", 0.5)]}
    verdict = decide(python, "0.8 <= wall('g/a.py') / wall('g/b.py') <= 2.5", results)
    assert verdict.shown == "0.8× ≤ 2× ≤ 2.5×"


def printing(python, example: str, stdout: str, rounds: int = 3) -> Measurement:
    samples = [Sample(n, run(1.0, stdout=stdout)) for n in range(1, rounds + 1)]
    return Measurement(example, python, this_machine(), samples, "2026-01-01T00:00:00Z")


def test_work_speedup_reads_the_span_of_the_work_not_the_start_of_the_processes(python):
    # as models/ prints on 3.14+, where forkserver starts the workers 0.1 s after the clock
    sequential = (
        "[0.00 s] task 1 started\n[0.20 s] task 1 finished\n[0.20 s] task 2 started\n[0.40 s] task 2 finished\n"
    )
    processes = "[0.12 s] task 1 started\n[0.12 s] task 2 started\n[0.32 s] task 1 finished\n[0.33 s] task 2 finished\n"
    results = {
        "g/seq.py": printing(python, "g/seq.py", sequential),
        "g/proc.py": printing(python, "g/proc.py", processes),
    }
    assert claims.evaluate("work_speedup('g/seq.py', 'g/proc.py')", python, lambda e, i: results[e]) == pytest.approx(
        0.40 / 0.21
    )


def test_work_speedup_needs_two_timestamps(python):
    results = {"g/seq.py": printing(python, "g/seq.py", "[0.40 s] done\n"), "g/b.py": printing(python, "g/b.py", "")}
    verdict = decide(python, "work_speedup('g/seq.py', 'g/b.py') >= 1", results)
    assert verdict.status == Status.ERROR and "printed 1 [1.23 s] timestamps" in verdict.reason


def test_claims_limited_to_gil_builds_are_skipped_on_free_threaded_ones(python):
    free = dataclasses.replace(python, free_threaded_build=True, gil_enabled=False, executable="x")
    verdict = claims.check("cores > 1000", free, read_nothing, when="gil")
    assert verdict.status == "skipped" and "GIL enabled" in verdict.reason
    assert claims.check("cores > 1000", python, read_nothing, when="gil").status == "contradicted"


WINDOWS = {"platform": "win32", "start_methods": ("spawn",), "start_method": "spawn"}
MACOS = {"platform": "darwin", "start_methods": ("spawn", "fork", "forkserver"), "start_method": "spawn"}


@pytest.mark.parametrize(
    ("when", "here", "windows", "macos"),
    [
        ("always", True, True, True),
        ("posix", True, False, True),
        ("linux", True, False, False),
        ("macos", False, False, True),
        ("windows", False, True, False),
        ("fork", True, False, True),
        ("forkserver", True, False, True),
    ],
)
def test_claims_limited_to_an_os_or_a_start_method_are_skipped_elsewhere(python, when, here, windows, macos):
    """Decided from what the interpreter reported: sys.platform and the start methods it offers."""
    for fields, asserted in [({}, here), (WINDOWS, windows), (MACOS, macos)]:
        interpreter = dataclasses.replace(python, **fields)
        verdict = claims.check("cores > 1000", interpreter, read_nothing, when=when)
        assert verdict.status == ("contradicted" if asserted else "skipped"), (when, fields)
        if not asserted:
            assert verdict.reason == f"asserted only {claims.WHERE[when]}"


def test_claims_can_depend_on_the_interpreters_version_and_build(python):
    major, minor = (int(p) for p in python.version.split(".")[:2])
    assert claims.check(f"version == ({major}, {minor})", python, read_nothing).status == "holds"
    assert claims.check("version < (3, 0) or cores >= 1", python, read_nothing).status == "holds"
    free = dataclasses.replace(python, free_threaded_build=True, gil_enabled=False)
    assert claims.check("free_threaded and not gil", free, read_nothing).status == "holds"


def test_the_value_shown_is_the_median_of_the_rounds_that_decided(python):
    cores = this_machine().usable_cores
    walls, busy = [0.4] * 3 + [1.0] * 4, [0.0] * 3 + [cores] * 4  # fast when quiet, slow when disturbed
    results = {
        "g/base.py": measured(python, "g/base.py", [1.0] * 7),
        "g/fast.py": measured(python, "g/fast.py", walls, busy=busy),
    }
    verdict = decide(python, SPEEDUP, results)
    assert verdict.status == Status.HOLDS and verdict.disturbed == 4
    assert verdict.shown.startswith("2.5×"), verdict.shown  # 1.0 / 0.4 over the quiet rounds, not 1×


def test_data_and_spread_pool_every_value_of_every_round_as_pyperf_pools_its_workers(python):
    # each run steady in itself, the runs apart: the spread is the variation from run to run
    rounds = [{"fork": [1.0, 1.01, 1.02]}, {"fork": [1.2, 1.21, 1.22]}, {"fork": [1.1, 1.11, 1.12]}]
    results = {"s/costs.py": written_each_round(python, "s/costs.py", rounds)}
    lookup = lambda example, interpreter: results[example]  # noqa: E731
    fork = "'s/costs.py', 'start_cost.json', 'fork'"
    assert claims.evaluate(f"data({fork})", python, lookup) == pytest.approx(1.11)
    # quartiles 1.02 and 1.2: half their distance, not the spread of one run (0.01)
    assert claims.evaluate(f"spread({fork})", python, lookup) == pytest.approx(0.09)


def test_a_claim_over_pooled_values_is_decided_on_resamples_of_whole_rounds(python):
    claim = "data('s/costs.py', 'start_cost.json', 'spawn') > 4 * data('s/costs.py', 'start_cost.json', 'fork')"
    clear = [{"fork": [2.0, 2.1, 2.2], "spawn": [40.0, 41.0, 45.0]}] * 5
    verdict = decide(python, claim, {"s/costs.py": written_each_round(python, "s/costs.py", clear)})
    assert verdict.status == Status.HOLDS and verdict.rounds == 5
    assert verdict.shown == "41 > 8.4"  # the medians of all fifteen values
    # one run's values far from the others' sway the pooled median of some resamples only
    close = [{"fork": [2.0, 2.1, 2.2], "spawn": [s, s, s]} for s in (6.0, 10.0, 6.5, 10.5, 8.2)]
    verdict = decide(python, claim, {"s/costs.py": written_each_round(python, "s/costs.py", close)})
    assert verdict.status == Status.UNDECIDED


def test_a_listing_that_wrote_no_values_is_an_error_that_names_it(python):
    results = {"s/costs.py": written_each_round(python, "s/costs.py", [{"fork": []}])}
    with pytest.raises(claims.ClaimError, match=r"s/costs.py wrote start_cost.json with no values under 'fork'"):
        claims.evaluate("spread('s/costs.py', 'start_cost.json', 'fork')", python, lambda e, i: results[e])
