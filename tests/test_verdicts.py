"""Claims decided from the evidence of every round: holds, contradicted, or not decided.

The rule is tested on synthetic rounds (clear pass, clear fail, straddling, disturbed),
then through a suite that measures a group until its claims are decided, within the
build's budget, and heals a cached result that left a claim undecided.
"""

from __future__ import annotations

import json
import textwrap

import pytest

from measured import claims
from measured import memory as memory_module
from measured.benchmark import CAPACITY, Measurement, Sample
from measured.claims import Claim, Status
from measured.interpreter import this_machine
from measured.process import Run
from measured.suite import EXTRA_ROUNDS, ConfigError, ExampleNotFound, Suite


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
    drawn = [generator.choices([1, 2, 3, 4], k=4) for _ in range(20_000)]
    share = 0
    for reader.rounds in drawn:
        share += bool(reader.evaluator.eval(SPEEDUP))
    assert abs(exact - share / len(drawn)) < 0.02


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


# A script that sleeps 0 s or 0.3 s, alternately from run to run: a claim that its wall
# time is under 0.15 s can never be decided, one that it is under 2 s always holds.
ALTERNATING = """
    import os, time
    marker = os.path.join(os.environ["FLIP_DIR"], "flip")
    slow = os.path.exists(marker)
    os.remove(marker) if slow else open(marker, "w").close()
    time.sleep(0.3 if slow else 0)
"""


@pytest.fixture
def flipping(examples, tmp_path, monkeypatch):
    monkeypatch.setenv("FLIP_DIR", str(tmp_path))
    (examples / "measure.yml").write_text("defaults: {repeats: 3, warmup: 0}\n")
    (examples / "g").mkdir()
    (examples / "g" / "flip.py").write_text(textwrap.dedent(ALTERNATING))
    return examples


def test_a_group_is_measured_until_its_claims_are_decided_or_the_build_adds_no_more(flipping, tmp_path):
    lines = []
    undecidable, comfortable = Claim("wall('g/flip.py') < 0.15"), Claim("wall('g/flip.py') < 2")
    suite = Suite(
        flipping, tmp_path / "cache", progress=lambda e: lines.append(str(e)), claims=[undecidable, comfortable]
    )
    assert suite.measurement("g/flip.py").rounds == 3 + EXTRA_ROUNDS
    assert sum("one more round" in line for line in lines) == EXTRA_ROUNDS
    verdict = suite.verdict(undecidable, suite.default)
    assert verdict.status == Status.UNDECIDED and f"after the {EXTRA_ROUNDS} extra rounds" in verdict.reason
    assert suite.verdict(comfortable, suite.default).status == Status.HOLDS


def test_a_comfortable_claim_costs_no_extra_round(flipping, tmp_path):
    suite = Suite(flipping, tmp_path / "cache", progress=lambda line: None, claims=[Claim("wall('g/flip.py') < 2")])
    assert suite.measurement("g/flip.py").rounds == 3


def test_extra_rounds_stop_when_the_budget_is_spent(flipping, tmp_path):
    claim = Claim("wall('g/flip.py') < 0.15")
    suite = Suite(flipping, tmp_path / "cache", progress=lambda line: None, claims=[claim], budget=0)
    assert suite.measurement("g/flip.py").rounds == 3
    assert "budget for extra rounds was spent" in suite.verdict(claim, suite.default).reason


def test_a_cached_result_that_left_a_claim_undecided_is_measured_further_next_build(examples, tmp_path):
    (examples / "measure.yml").write_text("defaults: {repeats: 3, warmup: 0}\n")
    (examples / "g").mkdir()
    (examples / "g" / "quick.py").write_text("print('quick')\n")
    claim = Claim("wall('g/quick.py') < 5")
    Suite(examples, tmp_path / "cache", progress=lambda line: None, claims=[claim]).measurement("g/quick.py")
    (entry,) = (tmp_path / "cache").glob("*.json")
    data = json.loads(entry.read_text())
    for sample in data["measurements"]["g/quick.py"]["samples"]:
        sample["run"]["wall"], sample["run"]["contention"] = 9.0, 99.0  # a noisy build's slow, disturbed rounds
    entry.write_text(json.dumps(data))

    lines = []
    suite = Suite(examples, tmp_path / "cache", progress=lambda e: lines.append(str(e)), claims=[claim])
    healed = suite.measurement("g/quick.py")
    assert any("one more round" in line for line in lines)  # no MEASURED_FRESH needed
    assert healed.rounds > 3 and suite.verdict(claim, suite.default).status == Status.HOLDS
    again = Suite(examples, tmp_path / "cache", progress=lambda line: None, claims=[claim])
    assert again.measurement("g/quick.py").rounds == healed.rounds  # stored: the next build reads it as it is


QUICK = Claim("wall('g/quick.py') < 5")


def measure_quick(examples, cache) -> Suite:
    """A folder with one quick script, measured in three rounds, with a claim that holds."""
    (examples / "measure.yml").write_text("defaults: {repeats: 3, warmup: 0}\n")
    (examples / "g").mkdir()
    (examples / "g" / "quick.py").write_text("print('quick')\n")
    suite = Suite(examples, cache, progress=lambda line: None, claims=[QUICK])
    assert suite.verdict(QUICK, suite.default).status == Status.HOLDS
    return suite


def slow_down_the_cached_runs(cache) -> None:
    """Every cached run of g/quick.py took 9 s, undisturbed: the claim is false now."""
    (entry,) = cache.glob("*.json")
    data = json.loads(entry.read_text())
    for sample in data["measurements"]["g/quick.py"]["samples"]:
        sample["run"]["wall"] = 9.0
    entry.write_text(json.dumps(data))


def test_a_verdict_is_reused_only_while_the_runs_it_read_are_the_same(examples, tmp_path):
    measure_quick(examples, tmp_path / "cache")
    slow_down_the_cached_runs(tmp_path / "cache")
    serving = Suite(examples, tmp_path / "cache", progress=lambda line: None, claims=[QUICK], measure=False)
    assert serving.verdict(QUICK, serving.default).status == Status.CONTRADICTED


def test_a_later_build_reuses_a_kept_verdict_only_while_its_runs_and_the_rule_are_the_same(
    examples, tmp_path, monkeypatch
):
    measure_quick(examples, tmp_path / "cache")

    def mark_the_kept_verdict() -> None:
        (kept,) = (tmp_path / "cache" / "verdicts").glob("*.json")
        record = json.loads(kept.read_text())
        record["verdict"]["shown"] = "as kept"
        kept.write_text(json.dumps(record))

    def later_build() -> claims.Verdict:
        monkeypatch.setattr(memory_module, "_decided", {})  # a new process: nothing decided in memory
        later = Suite(examples, tmp_path / "cache", progress=lambda line: None, claims=[QUICK], measure=False)
        return later.verdict(QUICK, later.default)

    mark_the_kept_verdict()
    assert later_build().shown == "as kept"  # read, not decided again
    slow_down_the_cached_runs(tmp_path / "cache")
    assert later_build().status == Status.CONTRADICTED  # other runs: decided again
    mark_the_kept_verdict()
    monkeypatch.setattr(memory_module, "RULE", "another rule")
    assert later_build().shown != "as kept"  # another rule: decided again


def test_a_typo_in_measure_yml_names_the_file_the_folder_and_the_key(examples, tmp_path):
    (examples / "measure.yml").write_text("folders:\n  models: {repeat: 3}\n")
    with pytest.raises(ConfigError, match=r"measure\.yml: folders: models: unknown key 'repeat'"):
        Suite(examples, tmp_path / "cache")
    (examples / "measure.yml").write_text("folders:\n  models: {capacity: nogil}\n")
    with pytest.raises(ConfigError, match=r"measure\.yml: folders: models: capacity: expected .* found 'nogil'"):
        Suite(examples, tmp_path / "cache")
    (examples / "measure.yml").write_text("folders:\n  models: {capacity: [gil]}\n")
    with pytest.raises(ConfigError, match=r"capacity: expected true, false or one of 'always', .* found \['gil'\]"):
        Suite(examples, tmp_path / "cache")
    (examples / "measure.yml").write_text("folders:\n  models: {capacity: fork}\n")  # any claim's when=
    assert Suite(examples, tmp_path / "cache").config.settings("models").capacity == "fork"


def test_capacity_is_measured_only_on_the_builds_a_folder_asks_for(examples, tmp_path):
    (examples / "measure.yml").write_text(
        "defaults: {repeats: 1, warmup: 0}\nfolders:\n  ft: {capacity: no-gil}\n  both: {capacity: true}\n"
    )
    for folder in ("ft", "both"):
        (examples / folder).mkdir()
        (examples / folder / "quick.py").write_text("print('quick')\n")
    suite = Suite(examples, tmp_path / "cache", progress=lambda line: None)
    assert suite.default.gil_enabled  # this machine's interpreters all have the GIL
    assert suite.measurement(f"both/{CAPACITY} 2").ok
    with pytest.raises(ExampleNotFound, match=r"capacity\(\) needs `capacity: true` for ft/ .*'no-gil'"):
        suite.measurement(f"ft/{CAPACITY} 2")


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
