"""The ``every_claim()`` directive: every claim the pages make, decided on each interpreter, in one table.

    {{ every_claim() }}

One row per claim and interpreter: the page and line that make it (linked to the
claim itself: its badges carry the id :func:`measured.render.claim_anchor` gives it), the
verdict, the measured value against the bound, and where that value lay in 90 % of
resamples. It decides nothing of its own: each verdict is the one the claim's page
shows, found as the claim's mark finds them (:func:`measured.handlers.verdicts`). A claim
whose results are not in this build (not measured yet, or an interpreter not installed)
says so in its row. The claims are those :func:`measured.checked.collect_claims` finds:
never one only shown inside a code fence (authoring.md shows how to write one).
Listed with the other directives in :data:`measured.pages.DIRECTIVES`.
"""

from __future__ import annotations

from . import render
from .checked import collect_claims
from .errors import AuthorError
from .finder import Located
from .handlers import Context, verdicts

HEADER = "| Claim | Page | Interpreter | Verdict | Value against bound | 90 % of resamples |\n|---|---|---|---|---|---|"


def every_claim(context: Context) -> str:
    """A table of every claim of the pages under the docs folder."""
    if context.build.docs_dir is None:
        raise AuthorError("every_claim() needs the docs folder")
    rows = [HEADER]
    for claim, places in collect_claims(context.build.docs_dir).items():
        where = ", ".join(_link(place, render.claim_anchor(claim.expression, claim.when)) for place in places)
        for verdict in verdicts(context, claim).shown:
            shown = context.fragment(render.verdicts(claim.expression, [verdict]))
            code = context.fragment(render.code(claim.expression))
            value, interval = (_cell(verdict.shown), _cell(verdict.interval)) if verdict.rounds else ("–", "–")
            rows.append(f"| {code} | {where} | {verdict.interpreter} | {shown} | {value} | {interval} |")
    # a class for the table (md_in_html), so that the claim's column gets the room it needs
    return '<div class="measured-claims" markdown>\n\n' + "\n".join(rows) + "\n\n</div>"


def _link(place: Located, anchor: str) -> str:
    """``races.md:73`` as a Markdown link to the claim on its page (MkDocs checks and rewrites it), with the line."""
    return f"[{place.page.removesuffix('.md')}]({place.page}#{anchor}) (line {place.line})"


def _cell(text: str) -> str:
    """Text safe in a Markdown table cell."""
    return render.escape(text).replace("|", "&#124;") or "–"
