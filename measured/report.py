"""The build's verdict table, as plain text for the build log and the command line."""

from __future__ import annotations

from collections import Counter

from .checked import Checked
from .claims import Status

ORDER = [Status.CONTRADICTED, Status.ERROR, Status.UNDECIDED, Status.HOLDS, Status.SKIPPED]  # needs attention first


def verdict_table(checked: list[Checked]) -> str:
    """One line per claim and interpreter, the ones that need attention first, then the counts."""
    rows = sorted(checked, key=lambda c: (ORDER.index(c.verdict.status), c.page, c.line))
    lines = [f"{'verdict':12} {'page':22} {'interpreter':17} {'value against bound':28} {'interval':18} rounds  claim"]
    for row in rows:
        v = row.verdict
        where = f"{row.page}:{row.line}" if row.line else row.page
        rounds = f"{v.rounds} ({v.disturbed} busy)" if v.rounds else "–"
        claim = row.claim.expression if len(row.claim.expression) <= 90 else row.claim.expression[:87] + "..."
        lines.append(f"{v.status:12} {where:22} {v.interpreter:17} {v.shown:28} {v.interval:18} {rounds:7} {claim}")
        if v.status in (Status.UNDECIDED, Status.ERROR, Status.CONTRADICTED) and v.reason:
            lines.append(f"{'':12} why: {v.reason}")
    counts = Counter(row.verdict.status for row in checked)
    lines.append("verdicts: " + ", ".join(f"{counts[status]} {status}" for status in ORDER if counts[status]))
    return "\n".join(lines)
