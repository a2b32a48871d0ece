"""Groups: a folder of examples on one interpreter, measured together, and cached.

:class:`Groups` plans a group (its cache key and scripts), reads it from the cache or
measures it, adds rounds to it when asked (:mod:`measured.settling` asks), and holds
what this build has read or measured, with a digest of each group's runs.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable
from pathlib import Path

from .benchmark import CAPACITY, CAPACITY_SCRIPT, Example, Measurement, Progress, measure_group
from .cache import Cache, digest, group_key, scripts_digest
from .config import Config, Settings
from .interpreter import Interpreter, Machine, this_machine
from .launch import Launcher
from .provenance import Provenance, gather

__all__ = ["Groups", "NotMeasuredYet", "heartbeat"]

Memo = tuple[str, str]  # a folder and an interpreter's fingerprint


class NotMeasuredYet(LookupError):
    """A group that this build holds no results of, nor its cache: a lookup never measures."""

    def __init__(self, folder: str, interpreter: Interpreter) -> None:
        super().__init__(f"{folder}/ on {interpreter.label} is not measured yet")
        self.folder, self.interpreter = folder, interpreter


class Groups:
    """The groups of one build: planned, read from the cache or measured, and held."""

    def __init__(
        self,
        examples_dir: Path,
        cache: Cache,
        config: Config,
        progress: Progress,
        provenance: Provenance | None = None,
        fresh: bool = False,
        measure: bool = True,
        machine: Machine | None = None,
        keys: dict[Memo, str] | None = None,
        launcher: Launcher | None = None,
        own: Callable[[], Interpreter] | None = None,
    ) -> None:
        self.examples_dir = examples_dir
        self.cache = cache
        self.config = config
        self.progress = progress
        self._provenance = provenance  # what the build is made from, stored beside what it measures
        self._machine = machine  # this machine's found when first needed; another's as its bundle says
        self.fresh = fresh  # measure again, ignoring the cache
        self.measure = measure  # False: read the cache only (NotMeasuredYet for the rest)
        self.held: dict[Memo, dict[str, Measurement]] = {}
        # another machine's groups (:mod:`measured.machines`): their keys as imported
        self.keys = keys
        self.launcher = launcher  # the build's, keeping its launch servers from run to run
        self.digests: dict[Memo, str] = {}
        self._own = own  # the build's own interpreter, found when first needed (None: every one is)

    @property
    def provenance(self) -> Provenance:
        """What this build is made from (gathered when first needed, if the build did not say)."""
        if self._provenance is None:
            self._provenance = gather(self.examples_dir.parent)
        return self._provenance

    @property
    def machine(self) -> Machine:
        if self._machine is None:
            self._machine = this_machine()
        return self._machine

    def plan(self, folder: str, interpreter: Interpreter) -> tuple[str, list[str]]:
        """The group's cache key and its scripts (with the calibration, if the folder asks for it).

        Another machine's group: the key its bundle recorded (none: not imported), and no scripts."""
        if self.keys is not None:
            return self.keys.get((folder, interpreter.fingerprint), "not-imported"), []
        files, settings, names = self._inputs(folder, interpreter)
        key = group_key(files, interpreter, settings.key_part())
        return key, [f"{folder}/{name}" if folder else name for name in names]

    def scripts_digest(self, folder: str, interpreter: Interpreter) -> str:
        """What the group is measured from in this checkout, on any machine (:func:`measured.cache.scripts_digest`)."""
        return checkout_digest(self.examples_dir, self.config, folder, interpreter)

    def _inputs(self, folder: str, interpreter: Interpreter):
        own = self._own is None or interpreter.fingerprint == self._own().fingerprint
        return inputs(self.examples_dir, self.config, folder, interpreter, own)

    def key(self, folder: str, interpreter: Interpreter) -> str:
        """The group's cache key."""
        return self.plan(folder, interpreter)[0]

    def is_cached(self, folder: str, interpreter: Interpreter) -> bool:
        """Is the group in the cache (or already held by this build)?"""
        if (folder, interpreter.fingerprint) in self.held:
            return True
        return self.cache.load(self.key(folder, interpreter)) is not None

    def hold(self, folder: str, interpreter: Interpreter, results: dict[str, Measurement]) -> None:
        memo = (folder, interpreter.fingerprint)
        self.held[memo] = results
        self.digests[memo] = digest(results)

    def load(self, folder: str, interpreter: Interpreter) -> dict[str, Measurement]:
        """The group as the cache holds it; ``NotMeasuredYet`` if it holds none (or the build is fresh)."""
        key = self.key(folder, interpreter)
        if not self.fresh and (cached := self.cache.load(key)) is not None:
            self.progress(f"cached   {folder or '.'}/ on {interpreter.label}")
            return cached
        raise NotMeasuredYet(folder, interpreter)

    def load_or_measure(self, folder: str, interpreter: Interpreter) -> dict[str, Measurement]:
        """The group as the cache holds it, else measured now (``NotMeasuredYet`` if this build does not measure)."""
        with contextlib.suppress(NotMeasuredYet):
            return self.load(folder, interpreter)
        if not self.measure:
            raise NotMeasuredYet(folder, interpreter)
        key, scripts = self.plan(folder, interpreter)
        settings = self.config.settings(folder)
        with self.cache.measuring():
            if not self.fresh and (cached := self.cache.load(key)) is not None:
                return cached  # another build measured it while we waited
            started = time.perf_counter()
            results = self._measure(scripts, interpreter, settings.timeout, settings.repeats, settings.warmup)
            for extra, more in _extra_rounds(settings, scripts).items():
                results = self._measure(more, interpreter, settings.timeout, extra, previous=results)
            self.progress(f"measured {folder or '.'}/ on {interpreter.label} in {time.perf_counter() - started:.1f} s")
            if all(m.ok for m in results.values()):
                self.cache.store(key, results, self.provenance.to_dict())  # a failure is never cached
        return results

    def _measure(
        self,
        scripts: list[str],
        interpreter: Interpreter,
        timeout: float,
        repeats: int,
        warmup: int = 0,
        previous: dict[str, Measurement] | None = None,
    ) -> dict[str, Measurement]:
        """``scripts`` measured in ``repeats`` rounds (:func:`measured.benchmark.measure_group`)."""
        return measure_group(
            self.examples_dir,
            scripts,
            interpreter,
            self.machine,
            repeats=repeats,
            warmup=warmup,
            timeout=timeout,
            progress=self.progress,
            previous=previous,
            launcher=self.launcher,
        )

    def one_more_round(self, folder: str, interpreter: Interpreter, scripts: list[str]) -> None:
        """One more round of ``scripts`` added to the group held, and cached if all went well."""
        previous = self.held[(folder, interpreter.fingerprint)]
        with self.cache.measuring():
            results = self._measure(scripts, interpreter, self.config.settings(folder).timeout, 1, previous=previous)
            self.hold(folder, interpreter, results)
            if all(m.ok for m in results.values()):
                self.cache.store(self.key(folder, interpreter), results, self.provenance.to_dict())


def _extra_rounds(settings: Settings, scripts: list[str]) -> dict[int, list[str]]:
    """The scripts that ``repeats_of`` gives more rounds than the folder's, by how many more."""
    extra: dict[int, list[str]] = {}
    for script in scripts:
        if more := settings.rounds_of(Path(Example.parse(script).script).name) - settings.repeats:
            extra.setdefault(more, []).append(script)
    return extra


def inputs(examples_dir: Path, config: Config, folder: str, interpreter: Interpreter, own: bool = True):
    """A group's files (by name: their bytes), the folder's settings, and the variants it runs: on
    another interpreter than the build's ``own``, those the folder's ``matrix`` names."""
    files = {p.name: p.read_bytes() for p in sorted((examples_dir / folder).glob("*.py"))}
    settings = config.settings(folder)
    names = [variant for name in files for variant in settings.variants(name) if own or settings.on_matrix(variant)]
    if settings.measures_capacity(interpreter):
        files[CAPACITY] = CAPACITY_SCRIPT.read_bytes()
        names += [f"{CAPACITY} 1", f"{CAPACITY} 2"]
    return files, settings, names


def checkout_digest(examples_dir: Path, config: Config, folder: str, interpreter: Interpreter) -> str:
    """What a group is measured from in this checkout, the same on every machine: its scripts and settings."""
    files, settings, _ = inputs(examples_dir, config, folder, interpreter)
    return scripts_digest(files, settings.key_part())


@contextlib.contextmanager
def heartbeat(progress: Progress, doing: Callable[[], str], every: float):
    """Say what is being measured (``doing()``, when not empty) every ``every`` seconds."""
    stop = threading.Event()
    started = time.perf_counter()

    def beat() -> None:
        while not stop.wait(every):
            if now := doing():
                progress(f"still measuring {now}, {time.perf_counter() - started:.0f} s so far")

    thread = threading.Thread(target=beat, daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
