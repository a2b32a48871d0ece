"""The claims the pages make, found by the one finder: never inside a code fence."""

from __future__ import annotations

from support import ROOT

from measured.checked import collect_claims
from measured.claims import Claim

SHOWN_IN_AUTHORING = "work_speedup('models/io_sequential.py', 'models/io_threads.py') >= 0.8 * 4"


def test_a_claim_shown_inside_a_code_fence_is_not_collected(tmp_path):
    docs = tmp_path / "docs"
    (docs / "part").mkdir(parents=True)
    fenced = '```text\n{{ claim("cores > 1") }}\n```\n\n'
    (docs / "part" / "p.md").write_text(fenced + 'It {{ claim("cores > 2", when="gil") }}, {{ claim("cores >") }}.\n')
    found = collect_claims(docs)
    assert list(found) == [Claim("cores > 2", when="gil")]  # the malformed one is the page's to report
    (where,) = found[Claim("cores > 2", when="gil")]
    assert (where.page, where.line, str(where)) == ("part/p.md", 5, "part/p.md:5")


def test_the_example_claim_of_the_authoring_page_is_not_a_claim_of_the_site():
    assert SHOWN_IN_AUTHORING in (ROOT / "docs" / "authoring.md").read_text(encoding="utf-8")
    made = collect_claims(ROOT / "docs")[Claim(SHOWN_IN_AUTHORING)]  # tour.md and others make it for real
    assert made and "authoring.md" not in {str(where).partition(":")[0] for where in made}
