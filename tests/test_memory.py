"""Verdict memory (measured/memory.py): a verdict is reused only while the runs it read,
and the rule that decided it, are the same."""

from __future__ import annotations

import json

from support import built

from measured import claims
from measured import memory as memory_module
from measured.claims import Claim, Status
from measured.suite import Suite

QUICK = Claim("wall('g/quick.py') < 5")


def measure_quick(examples, cache) -> Suite:
    """A folder with one quick script, measured in three rounds, with a claim that holds."""
    (examples / "measure.yml").write_text("defaults: {repeats: 3, warmup: 0}\n")
    (examples / "g").mkdir()
    (examples / "g" / "quick.py").write_text("print('quick')\n")
    suite = built(Suite(examples, cache, progress=lambda line: None, claims=[QUICK]))
    assert suite.verdict(QUICK, suite.default).status == Status.HOLDS
    return suite


def slow_down_the_cached_runs(cache) -> None:
    """Every cached run of g/quick.py took 9 s, undisturbed: the claim is false now."""
    (entry,) = cache.glob("*.json")
    data = json.loads(entry.read_text())
    for sample in data["measurements"]["g/quick.py"]["samples"]:
        sample["run"]["wall"], sample["run"]["contention"] = 9.0, 0.0
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
        later = Suite(examples, tmp_path / "cache", progress=lambda line: None, claims=[QUICK], measure=False)
        return later.verdict(QUICK, later.default)

    mark_the_kept_verdict()
    assert later_build().shown == "as kept"  # read, not decided again
    slow_down_the_cached_runs(tmp_path / "cache")
    assert later_build().status == Status.CONTRADICTED  # other runs: decided again
    mark_the_kept_verdict()
    monkeypatch.setattr(memory_module, "RULE", "another rule")
    assert later_build().shown != "as kept"  # another rule: decided again
