"""One visible order: a build measures, then settles, then decides, then renders, each step
called once, and every lookup the pages make reads what the steps left.

Decisions are counted where each one ends: remembered by the verdict memory, once per
claim, interpreter and machine (the machine's scope), and per version of the runs it read."""

from __future__ import annotations

import collections
import dataclasses
import shutil

import pytest
from support import built

from measured import machines
from measured import memory as memory_module
from measured.bundle import Bundle, MachineCard, export, import_bundle
from measured.checked import collect_claims
from measured.claims import Claim
from measured.groups import NotMeasuredYet
from measured.pages import Expander
from measured.suite import Suite

HOLDS = "wall('pair/quick.py') < 30"
PAGES = {
    "a.md": f'# A\n\nQuick {{{{ claim("{HOLDS}") }}}}, and {{{{ claim("wall(\'pair/other.py\') > 0") }}}}.\n',
    "b.md": f'# B\n\nThe same claim again {{{{ claim("{HOLDS}") }}}}.\n',
    "claims.md": "# Every claim\n\n{{ every_claim() }}\n",
}


@pytest.fixture
def project(examples, tmp_path):
    (examples / "measure.yml").write_text("defaults: {repeats: 3, warmup: 0, timeout: 20}\n")
    (examples / "pair").mkdir()
    (examples / "pair" / "quick.py").write_text('print("quick")\n')
    (examples / "pair" / "other.py").write_text('print("other")\n')
    docs = tmp_path / "docs"
    docs.mkdir()
    for name, text in PAGES.items():
        (docs / name).write_text(text)
    return examples, docs


@pytest.fixture
def decisions(monkeypatch) -> collections.Counter:
    """Each decision reached in this test, by (machine, claim, interpreter): none remembered before it."""
    counted: collections.Counter = collections.Counter()
    remember = memory_module.VerdictMemory.remember

    def counting(self, key, verdict, read, interpreter):
        counted[(self.scope, key[0], key[2])] += 1
        return remember(self, key, verdict, read, interpreter)

    monkeypatch.setattr(memory_module.VerdictMemory, "remember", counting)
    return counted


def test_a_lookup_never_measures_settles_or_decides(project, tmp_path, decisions):
    examples, docs = project
    suite = Suite(examples, tmp_path / "cache", progress=lambda line: None, claims=list(collect_claims(docs)))
    with pytest.raises(NotMeasuredYet):
        suite.verdict(Claim(HOLDS), suite.default)
    with pytest.raises(NotMeasuredYet):
        suite.measurement("pair/quick.py")
    assert decisions == {} and suite.measured() == [] and not (tmp_path / "cache").exists()


def test_each_claim_is_decided_once_per_interpreter_and_machine_per_build(project, tmp_path, decisions):
    examples, docs = project
    claims = collect_claims(docs)
    here = built(Suite(examples, tmp_path / "cache", progress=lambda line: None, claims=list(claims)))
    bundle = export(here, claims)  # this machine's results, as another machine (one core) sent them
    card = MachineCard(dataclasses.replace(bundle.machine.card, usable_cores=1), "elsewhere")
    import_bundle(Bundle(card, bundle.provenance, bundle.groups, []), tmp_path / "cache", here=here.machine)
    shutil.rmtree(tmp_path / "cache" / "verdicts")  # none kept by the first build: all decided in the next
    decisions.clear()

    # the build: measure, settle, decide (here and elsewhere), then render every page
    here = Suite(examples, tmp_path / "cache", progress=lambda line: None, claims=list(claims))
    here.measure_all()
    here.settle_all()
    here.decide_all()
    (other,) = machines.imported(examples, tmp_path / "cache", list(claims))
    other.suite.decide_all()
    decided = dict(decisions)
    expander = Expander(here, docs_dir=docs, others=[other], here="this one")
    for page in PAGES:
        assert expander.expand((docs / page).read_text(), page).problems == []

    interpreter = here.default.fingerprint
    expected = {(scope, claim.expression, interpreter): 1 for claim in claims for scope in ("", card.id)}
    assert decisions == expected  # each once, and none while the pages rendered
    assert decided == expected
