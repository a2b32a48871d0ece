"""The ``every_claim()`` directive: every claim the pages make, decided on each interpreter, in one table.

    {{ every_claim() }}

One row per claim and interpreter: the page and line that make it (linked to the
claim itself: its badges carry the id :func:`measured.render.claim_anchor` gives it), the
verdict, the measured value against the bound, and where that value lay in 90 % of
resamples. It decides nothing of its own: each verdict is the one the claim's page
shows (:meth:`measured.suite.Suite.verdict`, reused within a build). A claim whose
results are not in this build (not measured yet, or an interpreter not installed)
says so in its row. Registered with :func:`measured.pages.directive` when this
module is imported (the MkDocs hook imports it).
"""

from __future__ import annotations

from pathlib import Path

from . import claims, render
from .claims import Claim, Verdict
from .interpreter import Missing
from .pages import FENCE, DirectiveError, Page, collect_claims, directive
from .suite import NotMeasuredYet

HEADER = "| Claim | Page | Interpreter | Verdict | Value against bound | 90 % of resamples |\n|---|---|---|---|---|---|"


@directive(block=True, examples="none")
def every_claim(self, page: Page) -> str:
    """A table of every claim of the pages under the docs folder."""
    if self.docs_dir is None:
        raise DirectiveError("every_claim() needs the docs folder")
    rows = [HEADER]
    fenced: dict[str, set[int]] = {}
    for claim, found in collect_claims(self.docs_dir).items():
        places = [place for place in found if not _quoted(self.docs_dir, place, fenced)]
        if not places:  # only shown in a code fence (authoring.md shows how to write one)
            continue
        where = ", ".join(_link(place, render.claim_anchor(claim.expression, claim.when)) for place in places)
        for verdict in _verdicts(self, claim):
            shown = page.fragment(render.verdicts(claim.expression, [verdict]))
            code = page.fragment(f"<code>{render.escape(claim.expression)}</code>")
            value, interval = (_cell(verdict.shown), _cell(verdict.interval)) if verdict.rounds else ("–", "–")
            rows.append(f"| {code} | {where} | {verdict.interpreter} | {shown} | {value} | {interval} |")
    return "\n".join(rows)


def _verdicts(self, claim: Claim) -> list[Verdict]:
    """The claim's verdict on each interpreter its folder runs on; a row saying why where there is none."""
    examples = claim.examples()
    found = []
    for interpreter in self.suite.interpreters_for(examples[0]) if examples else [self.suite.default]:
        if isinstance(interpreter, Missing):
            found.append(Verdict(interpreter.name, claims.SKIPPED, reason="not measured in this build"))
            continue
        try:
            found.append(self.suite.verdict(claim, interpreter))
        except NotMeasuredYet:
            found.append(Verdict(interpreter.label, claims.SKIPPED, reason="its results are not in this build"))
    return found


def _quoted(docs_dir: Path, place: str, fenced: dict[str, set[int]]) -> bool:
    """Is the claim at ``place`` (``page.md:12``) inside a code fence, shown rather than made?"""
    name, _, line = place.rpartition(":")
    if name not in fenced:
        fenced[name], fence = set(), None
        for number, text in enumerate((docs_dir / name).read_text(encoding="utf-8").split("\n"), start=1):
            opened = FENCE.match(text)
            if opened and (fence is None or opened["fence"].startswith(fence)):
                fence = None if fence else opened["fence"]
            if fence or opened:
                fenced[name].add(number)
    return int(line) in fenced[name]


def _link(place: str, anchor: str) -> str:
    """``races.md:73`` as a Markdown link to the claim on its page (MkDocs checks and rewrites it), with the line."""
    name, _, line = place.rpartition(":")
    return f"[{name.removesuffix('.md')}]({name}#{anchor}) (line {line})"


def _cell(text: str) -> str:
    """Text safe in a Markdown table cell."""
    return render.escape(text).replace("|", "&#124;") or "–"
