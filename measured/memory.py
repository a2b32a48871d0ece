"""Verdict memory: a claim decided once is not decided again while its evidence stands.

A build checks a claim while settling its group and again on its page, and ``mkdocs
serve`` rebuilds many times: each verdict is kept in memory with the digests of the
groups it read (in a dict the build hands down, which the hook keeps from one rebuild to
the next), and reused while those groups hold the same runs. Besides those
runs a verdict depends only on the decision rule (claims.py), on which runs count
as disturbed (benchmark.py) and, for ``predicted()``, on the workload model (model.py),
so a verdict kept in the cache by an earlier build is reused while all four are unchanged.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path

from . import benchmark as benchmark_module
from . import claims as claims_module
from . import model as model_module
from .benchmark import Example, Measurement
from .cache import Cache
from .claims import Claim, Status, Verdict
from .interpreter import Interpreter
from .scripts import ExampleNotFound

__all__ = ["RULE", "Decided", "VerdictMemory", "record_key"]

DECIDING = (claims_module, benchmark_module, model_module)  # the code a verdict depends on, besides the runs
RULE = hashlib.sha256(b"".join(Path(m.__file__).read_bytes() for m in DECIDING)).hexdigest()

Key = tuple[str, str, str]  # the claim's expression, its when, the interpreter's fingerprint
Read = dict[tuple[str, Interpreter], str]  # each group a verdict read, with the digest of its runs
Digest = Callable[[str, Interpreter], str]  # the digest of a group's runs in this build
Lookup = Callable[[str, Interpreter | None], Measurement]
Decided = dict[tuple[str, Key], tuple[Verdict, Read]]  # verdicts reached, by machine (empty: this one) and key


class VerdictMemory:
    """Verdicts kept in this process and in the cache, each with the evidence it read."""

    def __init__(self, cache: Cache, scope: str = "", decided: Decided | None = None) -> None:
        self.cache = cache
        # another machine's id (:mod:`measured.machines`): its verdicts are kept apart in
        # memory, and decided here from its runs, never read from or written to its cache
        self.scope = scope
        self.decided: Decided = {} if decided is None else decided  # shared with later builds, if given

    def decide(self, claim: Claim, interpreter: Interpreter, measurement: Lookup, digest_of: Digest) -> Verdict:
        """The verdict remembered for ``claim`` on ``interpreter``, or reached now and remembered."""
        key = (claim.expression, claim.when, interpreter.fingerprint)
        verdict = self.recall(key, interpreter, digest_of)
        if verdict is not None:
            return verdict
        read: set[tuple[str, Interpreter]] = set()

        def lookup(example: str, on: Interpreter | None = None) -> Measurement:
            found = measurement(example, on)
            read.add((Example.parse(example).folder, on or interpreter))
            return found

        try:
            verdict = claims_module.check(claim.expression, interpreter, lookup, claim.when)
        except ExampleNotFound as error:
            return Verdict(interpreter.label, Status.ERROR, reason=str(error))
        self.remember(key, verdict, {group: digest_of(*group) for group in read}, interpreter)
        return verdict

    def recall(self, key: Key, interpreter: Interpreter, digest_of: Digest) -> Verdict | None:
        """The verdict kept for ``key`` if every group it read still holds the same runs, else None."""
        kept = self.decided.get((self.scope, key)) or (None if self.scope else self._kept(key, interpreter))
        if kept and all(digest_of(*group) == digest for group, digest in kept[1].items()):
            self.decided[(self.scope, key)] = (
                kept  # read from the cache once, not again on the page or the next rebuild
            )
            return kept[0]
        return None

    def remember(self, key: Key, verdict: Verdict, read: Read, interpreter: Interpreter) -> None:
        """Keep a verdict just reached; in the cache too when it read only ``interpreter``'s runs."""
        self.decided[(self.scope, key)] = (verdict, read)
        if not self.scope and all(on.fingerprint == interpreter.fingerprint for _, on in read):
            record = {"verdict": asdict(verdict), "read": {folder: d for (folder, _), d in read.items()}}
            self.cache.keep("verdicts", record_key(key), record)

    def _kept(self, key: Key, interpreter: Interpreter) -> tuple[Verdict, Read] | None:
        """The verdict an earlier build kept for ``key``, with the digests of the groups it read."""
        record = self.cache.record("verdicts", record_key(key))
        try:
            return Verdict(**record["verdict"]), {(folder, interpreter): d for folder, d in record["read"].items()}
        except (TypeError, KeyError):  # none kept, or kept by another version of the runner
            return None


def record_key(key: Key) -> str:
    """Where a verdict is kept: the claim, its interpreter and the rule."""
    return hashlib.sha256(json.dumps([*key, RULE]).encode()).hexdigest()[:32]
