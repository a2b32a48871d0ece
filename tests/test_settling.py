"""The settling of undecided claims (measured/settling.py): a group gets one more round at a
time until its claims are decided or the build's budget is spent, and a cached result
that left a claim undecided is measured further by the next build."""

from __future__ import annotations

import json
import textwrap

import pytest
from support import built

from measured.claims import Claim, Status
from measured.suite import EXTRA_ROUNDS, Suite

# A script that prints 0 or 3, alternately from run to run: a claim that the value is
# under 1 can never be decided, one that it is under 5 always holds. A value printed, not a
# time, and runs that no other program disturbs (quiet_machine): what the rounds show, and so
# when the claims are decided, is the test's doing, not how busy the machine is.
ALTERNATING = """
    import os
    marker = os.path.join(os.environ["FLIP_DIR"], "flip")
    high = os.path.exists(marker)
    os.remove(marker) if high else open(marker, "w").close()
    print(f"value {3 if high else 0}")
"""
VALUE = "printed('g/flip.py', 'value ([0-9]+)')"


@pytest.fixture
def flipping(examples, tmp_path, monkeypatch, quiet_machine):
    monkeypatch.setenv("FLIP_DIR", str(tmp_path))
    (examples / "measure.yml").write_text("defaults: {repeats: 3, warmup: 0}\n")
    (examples / "g").mkdir()
    (examples / "g" / "flip.py").write_text(textwrap.dedent(ALTERNATING))
    return examples


def test_a_group_is_measured_until_its_claims_are_decided_or_the_build_adds_no_more(flipping, tmp_path):
    lines = []
    undecidable, comfortable = Claim(f"{VALUE} < 1"), Claim(f"{VALUE} < 5")
    suite = built(
        Suite(flipping, tmp_path / "cache", progress=lambda e: lines.append(str(e)), claims=[undecidable, comfortable])
    )
    assert suite.measurement("g/flip.py").rounds == 3 + EXTRA_ROUNDS
    assert sum("one more round" in line for line in lines) == EXTRA_ROUNDS
    verdict = suite.verdict(undecidable, suite.default)
    assert verdict.status == Status.UNDECIDED and f"after the {EXTRA_ROUNDS} extra rounds" in verdict.reason
    assert suite.verdict(comfortable, suite.default).status == Status.HOLDS


def test_a_comfortable_claim_costs_no_extra_round(flipping, tmp_path):
    suite = built(Suite(flipping, tmp_path / "cache", progress=lambda line: None, claims=[Claim(f"{VALUE} < 5")]))
    assert suite.measurement("g/flip.py").rounds == 3


def test_extra_rounds_stop_when_the_budget_is_spent(flipping, tmp_path):
    claim = Claim(f"{VALUE} < 1")
    suite = built(Suite(flipping, tmp_path / "cache", progress=lambda line: None, claims=[claim], budget=0))
    assert suite.measurement("g/flip.py").rounds == 3
    assert "budget for extra rounds was spent" in suite.verdict(claim, suite.default).reason


def test_a_cached_result_that_left_a_claim_undecided_is_measured_further_next_build(examples, tmp_path, quiet_machine):
    (examples / "measure.yml").write_text("defaults: {repeats: 3, warmup: 0}\n")
    (examples / "g").mkdir()
    (examples / "g" / "quick.py").write_text("print('quick')\n")
    claim = Claim("wall('g/quick.py') < 5")
    built(Suite(examples, tmp_path / "cache", progress=lambda line: None, claims=[claim])).measurement("g/quick.py")
    (entry,) = (tmp_path / "cache").glob("*.json")
    data = json.loads(entry.read_text())
    for sample in data["measurements"]["g/quick.py"]["samples"]:
        sample["run"]["wall"], sample["run"]["contention"] = 9.0, 99.0  # a noisy build's slow, disturbed rounds
    entry.write_text(json.dumps(data))

    lines = []
    suite = built(Suite(examples, tmp_path / "cache", progress=lambda e: lines.append(str(e)), claims=[claim]))
    healed = suite.measurement("g/quick.py")
    assert any("one more round" in line for line in lines)  # no MEASURED_FRESH needed
    assert healed.rounds > 3 and suite.verdict(claim, suite.default).status == Status.HOLDS
    again = built(Suite(examples, tmp_path / "cache", progress=lambda line: None, claims=[claim]))
    assert again.measurement("g/quick.py").rounds == healed.rounds  # stored: the next build reads it as it is
