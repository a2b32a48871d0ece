"""The examples as one suite: which scripts are measured together, where, and how.

A folder of ``examples/`` is one benchmark group: its scripts are measured together,
interleaved, so they can be compared with each other. ``examples/measure.yml``
(:mod:`measured.config`) sets how each folder is measured and which extra
interpreters the folders marked ``matrix: true`` run on (:mod:`measured.matrix`).

:class:`Suite` answers the questions the pages and the command line ask (an example's
measurement on an interpreter, a claim's verdict) and puts together the objects that
do the work, each passed what it needs: the groups measured or read from the cache
(:mod:`measured.groups`), the rounds added until the claims on a group are decided
(:mod:`measured.settling`), and the verdicts remembered between checks and builds
(:mod:`measured.memory`).

A build calls its steps in order, each once: :meth:`Suite.measure_all`, :meth:`Suite.settle_all`,
:meth:`Suite.decide_all`; then the pages render, and every question they ask is a lookup
that reads what the steps left: it never measures, adds a round, or decides again.
"""

from __future__ import annotations

import contextlib
import sys
from dataclasses import replace
from pathlib import Path

from . import launch
from .benchmark import Example, Measurement, Progress
from .cache import Cache
from .claims import Claim, Status, Verdict
from .config import CONFIG_NAME, Config, ConfigError, Settings
from .errors import AuthorError
from .groups import Groups, NotMeasuredYet, heartbeat
from .interpreter import Interpreter, Machine, Missing
from .matrix import Interpreters
from .memory import Decided, VerdictMemory
from .provenance import Provenance
from .scripts import ExampleNotFound, Scripts
from .settings import Environment
from .settling import EXTRA_ROUNDS, Settling

__all__ = ["CONFIG_NAME", "EXTRA_ROUNDS", "Config", "ConfigError", "ExampleNotFound", "NotMeasuredYet", "Settings"]
__all__ += ["Suite"]

HEARTBEAT = 10.0  # seconds between "still measuring" lines while one run goes on


class Suite:
    """Measurements of the examples and verdicts on them: measured, settled, decided, cached."""

    def __init__(
        self,
        examples_dir: Path,
        cache_dir: Path,
        fresh: bool | None = None,
        progress: Progress | None = None,
        python: str = sys.executable,
        claims: list[Claim] | None = None,
        budget: float | None = None,
        measure: bool = True,
        interpreters: dict[str, Interpreter | Missing] | None = None,
        provenance: Provenance | None = None,
        machine: Machine | None = None,
        keys: dict[tuple[str, str], str] | None = None,
        scope: str = "",
        decided: Decided | None = None,
    ) -> None:
        """The suite of this machine's examples; or, with ``machine``, ``keys`` and ``scope``, a
        read-only suite of another machine's imported results (:mod:`measured.machines`): its card,
        its groups' keys by folder and interpreter fingerprint, its verdicts kept apart (``scope``).
        ``decided``: the verdicts reached by earlier builds in this process (``mkdocs serve``'s rebuilds),
        reused while the runs they read are the same."""
        environment = Environment.read()
        self.examples_dir = Path(examples_dir).resolve()
        self.cache = Cache(cache_dir)
        self.config = Config.load(self.examples_dir, environment.interpreters)
        self.progress = progress or (lambda line: print(line, file=sys.stderr, flush=True))
        self.scripts = Scripts(self.examples_dir, self.config)
        self.interpreters = Interpreters(python, self.config, interpreters)
        fresh, budget = environment.fresh if fresh is None else fresh, environment.budget if budget is None else budget
        measure = measure and machine is None  # another machine's results are read, never measured here
        self.launcher = launch.Launcher(environment.launcher)  # the build's: its launch servers, closed with it
        self.store = Groups(
            self.examples_dir,
            self.cache,
            self.config,
            self.progress,
            provenance,
            fresh,
            measure,
            machine,
            keys,
            self.launcher,
            lambda: self.interpreters.default,
        )
        self.settling = Settling(self.store, self.config, claims or [], budget, self.progress)
        self.memory = VerdictMemory(self.cache, scope, decided)

    @property
    def machine(self) -> Machine:
        return self.store.machine

    @property
    def default(self) -> Interpreter:
        """The interpreter running the build."""
        return self.interpreters.default

    def interpreters_for(self, *examples: str) -> list[Interpreter | Missing]:
        """The build's interpreter, then the matrix if the first example's folder asks for it and
        runs every one of the examples of that folder there (none: the build's interpreter)."""
        if not examples:
            return [self.default]
        folder = Example.parse(examples[0]).folder
        settings = self.config.settings(folder)
        named = [Example.parse(example) for example in examples]
        variants = [str(e).removeprefix(f"{folder}/") for e in named if e.folder == folder and not e.calibration]
        found = self.interpreters.for_folder(folder)
        return found if all(settings.on_matrix(variant) for variant in variants) else found[:1]

    def path(self, example: str) -> Path:
        """The script's file (arguments after a space ignored); ``ExampleNotFound`` if none."""
        return self.scripts.path(example)

    def variants(self, example: str) -> list[str]:
        """The measured variants of a script: itself, or one per configured argument."""
        return self.scripts.variants(example)

    def find_interpreters(self) -> None:
        """Find the build's interpreter and the matrix's, each probed once (all at once)."""
        self.interpreters.find_all([self.interpreters.python, *self.config.interpreters])

    def passed_over(self) -> list[str]:
        """For the build log: each candidate run for an interpreter's name and not taken, with why."""
        self.find_interpreters()
        passed_over = self.interpreters.passed_over.items()
        return [f"{name}: passed over {why}" for name, reasons in passed_over for why in reasons]

    def groups(self) -> list[tuple[str, Interpreter]]:
        """Every group the site measures: each folder on the build's interpreter, then the matrix's installed."""
        self.find_interpreters()
        return [
            (folder, interpreter)
            for folder in self.scripts.folders()
            for interpreter in self.interpreters.for_folder(folder)
            if isinstance(interpreter, Interpreter)
        ]

    # A build in four steps, each called once, in this order: measure_all, settle_all,
    # decide_all, then the pages render, reading what the steps left (group, measurement,
    # verdict: lookups, which never measure, add a round or decide anew what was decided).

    def measure_all(self) -> None:
        """Step 1: every group read from the cache or measured, saying how far along it is,
        and at least every ``HEARTBEAT`` seconds while a run goes on."""
        plan = self.groups()
        for line in self.passed_over():
            self.progress(line)
        launcher = self.launcher.name
        self.progress(f"scripts started by the {launcher} launcher: {launch.DESCRIPTIONS[launcher]}")
        doing = ""  # what is being measured now, for the heartbeat
        with heartbeat(self.progress, lambda: doing, HEARTBEAT):
            for number, (folder, interpreter) in enumerate(plan, start=1):
                doing = f"{folder}/ on {interpreter.label} (group {number} of {len(plan)})"
                self.measure(folder, interpreter)

    def settle_all(self) -> None:
        """Step 2: rounds added to each group measured or read, until the claims on it are decided
        (within the build's budget)."""
        doing = ""
        with heartbeat(self.progress, lambda: doing, HEARTBEAT):
            for folder, interpreter in self.groups():
                if (folder, interpreter.fingerprint) in self.store.held:
                    doing = f"{folder}/ on {interpreter.label}, adding rounds"
                    self.settle(folder, interpreter)

    def decide_all(self) -> None:
        """Step 3: every claim of the pages decided on each interpreter its folder runs on, from
        the groups this build holds or its cache has (a claim whose results are not there, or
        that its page will report as an author's mistake, is left to its page to say so)."""
        for claim in self.claims:
            for interpreter in self.interpreters_for(*claim.examples()):
                if isinstance(interpreter, Interpreter):
                    with contextlib.suppress(NotMeasuredYet, AuthorError):
                        self.verdict(claim, interpreter)

    def measure(self, folder: str, interpreter: Interpreter) -> dict[str, Measurement]:
        """The group read from the cache, or measured now if this suite measures (``NotMeasuredYet``
        if it does not), and held for the rest of the build. No round is added here: :meth:`settle`."""
        memo = (folder, interpreter.fingerprint)
        if memo not in self.store.held:
            self.store.hold(folder, interpreter, self.store.load_or_measure(folder, interpreter))
        return self.store.held[memo]

    def settle(self, folder: str, interpreter: Interpreter) -> None:
        """Rounds added to the group held until its claims are decided, within the build's budget."""
        self.settling.settle(folder, interpreter, self.verdict)

    @property
    def claims(self) -> list[Claim]:
        """Every claim the pages make, as the build was given them."""
        return self.settling.claims

    def key(self, folder: str, interpreter: Interpreter) -> str:
        """The group's cache key."""
        return self.store.key(folder, interpreter)

    def scripts_digest(self, folder: str, interpreter: Interpreter) -> str:
        """What the group is measured from in this checkout: the same on every machine."""
        return self.store.scripts_digest(folder, interpreter)

    def is_cached(self, folder: str, interpreter: Interpreter) -> bool:
        """Is the group in the cache (or already loaded by this suite)?"""
        return self.store.is_cached(folder, interpreter)

    def group(self, folder: str, interpreter: Interpreter) -> dict[str, Measurement]:
        """Every measurement of a folder on one interpreter, as this build holds it (read from the
        cache if it holds none yet); ``NotMeasuredYet`` if neither has it. Never measures."""
        memo = (folder, interpreter.fingerprint)
        if memo not in self.store.held:
            self.store.hold(folder, interpreter, self.store.load(folder, interpreter))
        return self.store.held[memo]

    def measurement(self, example: str, interpreter: Interpreter | None = None) -> Measurement:
        """The example's measurement on ``interpreter`` (default: the build's own); ``ExampleNotFound``
        on an interpreter the example does not run on (its folder's ``matrix`` leaves it out)."""
        run, interpreter = Example.parse(example), interpreter or self.default
        if not run.calibration:
            self.path(example)
        if interpreter not in self.interpreters_for(example):
            raise ExampleNotFound(f"{example} runs only on {self.default.label} (measure.yml: {run.folder}: matrix)")
        group = self.group(run.folder, interpreter)
        if example in group:
            return group[example]
        if run.calibration:
            raise ExampleNotFound(
                f"capacity() needs `capacity: true` for {run.folder}/ in examples/measure.yml "
                f"(it is {self.config.settings(run.folder).capacity!r}; this is {interpreter.label})"
            )
        variants = ", ".join(name for name in group if Example.parse(name).script == run.script)
        raise ExampleNotFound(f"no variant {example!r} is configured in measure.yml (there is: {variants})")

    def verdict(self, claim: Claim, interpreter: Interpreter) -> Verdict:
        """The claim decided on ``interpreter``, saying why measuring stopped if it is not: the
        verdict :meth:`decide_all` (or settling) reached, while the runs it read are the same;
        decided now from what is held if none was (a claim the build was not given).

        ``NotMeasuredYet`` if the claim's own folder is not (its page says it is being measured);
        skipped, saying so, if another folder it reads is not (``python -m measured lab``)."""
        try:
            verdict = self.memory.decide(claim, interpreter, self.measurement, self._digest_of)
        except NotMeasuredYet as missing:
            if missing.folder == claim.folder:
                raise
            return Verdict(
                interpreter.label, Status.SKIPPED, reason=f"it reads {missing.folder}/, not measured in this build"
            )
        stopped = self.settling.why_stopped(claim, interpreter)
        if verdict.status == Status.UNDECIDED and stopped:
            verdict = replace(verdict, reason=f"{verdict.reason}; {stopped}")
        return verdict

    def _digest_of(self, folder: str, interpreter: Interpreter) -> str:
        """The digest of a group's results in this build (read from the cache if need be)."""
        self.group(folder, interpreter)
        return self.store.digests[(folder, interpreter.fingerprint)]

    def measured(self) -> list[Measurement]:
        """Every measurement this build has used so far."""
        return [m for group in self.store.held.values() for m in group.values()]
