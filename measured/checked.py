"""The claims the pages make, and the verdicts reached on them: the verdict table's rows.

:func:`collect_claims` reads every page through the one finder
(:func:`measured.finder.find`), so a claim shown as an example inside a code fence is
never collected, settled or reported as a real one. :class:`Checked` is a row of the
build's verdict table (:mod:`measured.report`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .claims import Claim, Verdict
from .errors import AuthorError
from .finder import Located, find_in_folder

__all__ = ["Checked", "collect_claims"]


@dataclass
class Checked:
    """A claim of a page, decided on one interpreter: a row of the build's verdict table."""

    page: str
    line: int  # 0: the claim's page only (its line is not known)
    claim: Claim
    verdict: Verdict


def collect_claims(docs_dir: Path) -> dict[Claim, list[Located]]:
    """Every claim the pages under ``docs_dir`` make, with where each is made
    (malformed ones are left out: the page reports them when it is expanded)."""
    found: dict[Claim, list[Located]] = {}
    for located in find_in_folder(Path(docs_dir)):
        if located.name != "claim":
            continue
        try:
            args, kwargs = located.arguments()
            claim = Claim(*args, **kwargs)
            claim.examples()  # an expression that does not parse is the page's problem
            found.setdefault(claim, []).append(located)
        except (AuthorError, TypeError):  # TypeError: arguments that do not fit claim()
            continue
    return found
