"""The every_claim() directive: one row per claim and interpreter, linked to the page that makes it."""

from __future__ import annotations

import re

from support import built

from measured import render
from measured.pages import Expander, fill
from measured.suite import Suite


def test_every_claim_is_listed_with_its_page_verdict_value_and_interval(examples, tmp_path, quiet_machine):
    # quiet_machine: the false claim is contradicted, whatever else the machine is doing
    (examples / "measure.yml").write_text("defaults: {repeats: 3, warmup: 0, timeout: 20}\n")
    (examples / "pair").mkdir()
    (examples / "pair" / "quick.py").write_text('print("quick done")\n')
    (examples / "pair" / "other.py").write_text('print("other")\n')
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.md").write_text("# A\n\nQuick is quick {{ claim(\"wall('pair/quick.py') < 30\") }}.\n")
    (docs / "b.md").write_text("# B\n\nText.\n\nFalse {{ claim(\"wall('pair/other.py') > 30\") }}.\n")
    (docs / "c.md").write_text("How to write one:\n\n```text\n{{ claim(\"wall('pair/other.py') < 1\") }}\n```\n")
    suite = built(Suite(examples, tmp_path / "cache", progress=lambda line: None))
    expanded = Expander(suite, docs_dir=docs).expand("{{ every_claim() }}", "claims.md")
    assert expanded.problems == []  # a false claim fails its own page, not this one
    rows = [line for line in expanded.markdown.splitlines() if line.startswith("|")]
    assert len(rows) == 2 + 2  # the header, its rule, a row per claim on the one interpreter (none quoted in a fence)
    quick = render.claim_anchor("wall('pair/quick.py') < 30")
    other = render.claim_anchor("wall('pair/other.py') > 30")
    assert f"| [a](a.md#{quick}) (line 3) | " + suite.default.label in rows[2]
    assert f"[b](b.md#{other}) (line 5)" in rows[3]
    page = Expander(suite, docs_dir=docs).expand((docs / "a.md").read_text(), "a.md")
    assert f'<span id="{quick}"></span>' in page.markdown  # the claim on its page carries the id linked to
    html = fill(expanded.markdown, expanded.fragments)
    assert "<code>wall(&#x27;pair/quick.py&#x27;) &lt; 30</code>" in html
    assert "measured-claim--holds" in html and "measured-claim--contradicted" in html
    assert re.search(r"\| [\d.]+ s &lt; 30 s \| [\d.]+–[\d.]+ s \|$", rows[2])  # value against bound, interval


def test_a_claim_whose_results_are_not_in_this_build_says_so_in_its_row(examples, tmp_path):
    (examples / "pair").mkdir()
    (examples / "pair" / "quick.py").write_text('print("quick done")\n')
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.md").write_text("{{ claim(\"wall('pair/quick.py') < 30\") }}\n")
    suite = Suite(examples, tmp_path / "cache", progress=lambda line: None)  # nothing measured: execution is off
    html = fill(*_expanded(Expander(suite, execute=False, docs_dir=docs)))
    assert "its results are not in this build" in html and suite.measured() == []
    page = Expander(suite, execute=False, docs_dir=docs).expand((docs / "a.md").read_text(), "a.md").markdown
    anchor = render.claim_anchor("wall('pair/quick.py') < 30")
    assert f'<span id="{anchor}"></span>' in page  # what every_claim() links to is there, decided or not


def _expanded(expander):
    expanded = expander.expand("{{ every_claim() }}", "claims.md")
    return expanded.markdown, expanded.fragments
