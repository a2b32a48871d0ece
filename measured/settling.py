"""Settling: rounds spent where they decide something.

A group whose claims are not decided gets one more round at a time (of the scripts
those claims read), up to ``EXTRA_ROUNDS`` per build and while the build's budget
lasts. A group read from the cache whose claims do not all hold is measured further
in the same way, so a noisy build heals in the next one.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from . import claims as claims_module
from .benchmark import CAPACITY, Example, Progress
from .claims import Claim, Status, Verdict
from .config import Config
from .events import Deciding
from .groups import Groups, Memo
from .interpreter import Interpreter

__all__ = ["EXTRA_ROUNDS", "Settling"]

EXTRA_ROUNDS = 6  # the most rounds one build adds to a group

Decide = Callable[[Claim, Interpreter], Verdict]


class Settling:
    """Adds rounds to groups until the claims on them are decided, within the build's budget."""

    def __init__(self, groups: Groups, config: Config, claims: list[Claim], budget: float, progress: Progress) -> None:
        self.groups = groups  # where the rounds are measured and held
        self.config = config
        self.claims = list(dict.fromkeys(claims))  # every claim the pages make
        self.budget = budget  # seconds of extra rounds left to this build
        self.progress = progress
        self.stopped: dict[Memo, str] = {}  # why a group's extra rounds stopped short

    def claims_on(self, folder: str, interpreter: Interpreter) -> list[Claim]:
        """The claims decided from this folder's results, on this interpreter."""
        return [
            claim for claim in self.claims if claim.folder == folder and claims_module.applies(claim.when, interpreter)
        ]

    def settle(self, folder: str, interpreter: Interpreter, decide: Decide) -> None:
        """Add rounds to the group until its claims are decided (by ``decide``), within the budget.

        Measured in this build: until no claim is undecided. Read from the cache:
        also one more look at a claim the cached rounds contradicted."""
        memo = (folder, interpreter.fingerprint)
        results = self.groups.held[memo]
        if not self.groups.measure or not all(m.ok for m in results.values()):
            return
        cached = any(m.cached for m in results.values())
        for added in range(EXTRA_ROUNDS + 1):
            again = {Status.UNDECIDED} | ({Status.CONTRADICTED} if cached and added == 0 else set())
            claims = self.claims_on(folder, interpreter)
            pending = [claim for claim in claims if decide(claim, interpreter).status in again]
            if not pending:
                return
            if added == EXTRA_ROUNDS:
                self.stopped[memo] = f"measuring stopped after the {EXTRA_ROUNDS} extra rounds a build may add"
                return
            if self.budget <= 0:
                self.stopped[memo] = "measuring stopped: the build's budget for extra rounds was spent"
                return
            self.progress(Deciding(folder, interpreter.label, len(pending)))
            started = time.perf_counter()
            self.groups.one_more_round(folder, interpreter, self._scripts(folder, interpreter, pending))
            self.budget -= time.perf_counter() - started

    def _scripts(self, folder: str, interpreter: Interpreter, pending: list[Claim]) -> list[str]:
        """The scripts the pending claims read in this folder (and the calibration, if they use it)."""
        scripts = [e for claim in pending for e in claim.examples() if Example.parse(e).folder == folder]
        if self.config.settings(folder).measures_capacity(interpreter) and any(c.uses_capacity() for c in pending):
            scripts += [f"{folder}/{CAPACITY} 1", f"{folder}/{CAPACITY} 2"]
        return list(dict.fromkeys(scripts))

    def why_stopped(self, claim: Claim, interpreter: Interpreter) -> str | None:
        return self.stopped.get((claim.folder, interpreter.fingerprint))
