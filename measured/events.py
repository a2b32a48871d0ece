"""Progress as events: what the runner reports while it builds, as data and as log lines.

Each event is a small data class whose ``str()`` is the line the build log shows, so a
``progress`` callback that prints or logs is given the events themselves. A build
asked to (``MEASURED_EVENTS=FILE``) also appends each event to ``FILE`` as one JSON
object a line (:class:`EventFile`), which the build benchmark reads
(:func:`read`) instead of parsing the log's text.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

__all__ = ["EVENTS", "Deciding", "EventFile", "RunTimed", "VerdictsCounted", "read"]

EVENTS = "MEASURED_EVENTS"  # the variable naming the file a build appends its events to


class Line:
    """An event shown as one line of the log: its ``LINE`` filled in with its fields."""

    LINE = ""

    def __str__(self) -> str:
        return self.LINE.format(**asdict(self))


@dataclass(frozen=True)
class RunTimed(Line):
    """One run of a script finished (a warm-up or a round)."""

    LINE = "measured {example} on {interpreter}: {kind}, {seconds:.2f} s, {how}"
    example: str  #: e.g. ``"lab/cpu_threads.py 4"``
    interpreter: str  #: its label, e.g. ``"CPython 3.13.1"``
    kind: str  #: ``"warm-up"`` or ``"round 2"``
    seconds: float  #: wall time, the runner's own work included
    how: str  #: ``"ok"``, ``"FAILED"`` or ``"disturbed (...)"``


@dataclass(frozen=True)
class Deciding(Line):
    """A group gets one more round, for claims not decided yet."""

    LINE = "deciding {folder}/ on {interpreter}: {open} claims open, one more round"
    folder: str
    interpreter: str
    open: int  #: how many of its claims are not decided


@dataclass(frozen=True)
class VerdictsCounted:
    """The build's verdicts: how many of each status, and the rows that need attention."""

    counts: dict[str, int]  #: status → how many, in the verdict table's order
    open: list[str] = field(default_factory=list)  #: the table's rows not "holds" or "skipped", with their reasons

    def __str__(self) -> str:
        return "verdicts: " + ", ".join(f"{count} {status}" for status, count in self.counts.items() if count)


KINDS = {kind.__name__: kind for kind in (RunTimed, Deciding, VerdictsCounted)}


class EventFile:
    """A progress callback that passes each line on and appends the events to a file."""

    def __init__(self, path: Path | None, then) -> None:
        self.path = path  # None: events are only passed on
        self.then = then  # the callback the lines go to (the log, print)

    def __call__(self, event) -> None:
        self.then(event)
        self.record(event)

    def record(self, event) -> None:
        """Append ``event`` to the file (a plain line is not an event: it is only passed on)."""
        if self.path is not None and type(event).__name__ in KINDS:
            with self.path.open("a", encoding="utf-8") as file:
                file.write(json.dumps({"event": type(event).__name__, **asdict(event)}) + "\n")


def read(path: Path) -> list:
    """The events a build appended to ``path``, in order."""
    found = []
    for line in path.read_text(encoding="utf-8").splitlines() if path.exists() else []:
        data = json.loads(line)
        found.append(KINDS[data.pop("event")](**data))
    return found
