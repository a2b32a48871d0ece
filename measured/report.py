"""The build's verdict table, as plain text for the build log and the command line."""

from __future__ import annotations

from collections import Counter

from .checked import Checked
from .claims import Status
from .events import VerdictsCounted

ORDER = [Status.CONTRADICTED, Status.ERROR, Status.UNDECIDED, Status.HOLDS, Status.SKIPPED]  # needs attention first


def verdict_table(checked: list[Checked]) -> str:
    """One line per claim and interpreter, the ones that need attention first, then the counts."""
    rows = sorted(checked, key=lambda c: (ORDER.index(c.verdict.status), c.page, c.line))
    lines = [f"{'verdict':12} {'page':22} {'interpreter':17} {'value against bound':28} {'interval':18} rounds  claim"]
    lines += [_row(row) for row in rows]
    lines.append(str(counted(checked)))
    return "\n".join(lines)


def counted(checked: list[Checked]) -> VerdictsCounted:
    """How many verdicts of each status, and the rows of those that need attention (the build's event)."""
    counts = Counter(row.verdict.status for row in checked)
    rows = sorted(checked, key=lambda c: (ORDER.index(c.verdict.status), c.page, c.line))
    attention = (Status.UNDECIDED, Status.CONTRADICTED, Status.ERROR)
    return VerdictsCounted(
        {str(status): counts[status] for status in ORDER}, [_row(r) for r in rows if r.verdict.status in attention]
    )


def _row(row: Checked) -> str:
    """The table's line for one verdict, with the reason under it where it needs attention."""
    v = row.verdict
    where = f"{row.page}:{row.line}" if row.line else row.page
    rounds = f"{v.rounds} ({v.disturbed} busy)" if v.rounds else "–"
    claim = row.claim.expression if len(row.claim.expression) <= 90 else row.claim.expression[:87] + "..."
    line = f"{v.status:12} {where:22} {v.interpreter:17} {v.shown:28} {v.interval:18} {rounds:7} {claim}"
    if v.status != Status.HOLDS and v.reason:
        line += f"\n{'':12} why: {v.reason}"
    return line
