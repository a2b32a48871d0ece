"""The examples as one suite: which scripts are measured together, where, and how.

A folder of ``examples/`` is one benchmark group: its scripts are measured together,
interleaved, so they can be compared with each other. ``examples/measure.yml``
sets how each folder is measured and which extra interpreters the folders marked
``matrix: true`` run on.

A group is measured until the claims on it are decided: after its configured rounds,
a group with a claim not yet decided gets one more round at a time (of the scripts
those claims read), up to ``EXTRA_ROUNDS`` per build and while the build's budget
lasts. A group read from the cache whose claims do not all hold is measured further
in the same way, so a noisy build heals in the next one.
"""

from __future__ import annotations

import contextlib
import fnmatch
import hashlib
import json
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

import yaml

from . import benchmark as benchmark_module
from . import claims as claims_module
from . import launch
from .benchmark import CAPACITY, CAPACITY_SCRIPT, Example, Measurement, Progress, measure_group
from .cache import Cache, digest, group_key
from .claims import Claim, Verdict
from .errors import AuthorError
from .interpreter import Interpreter, Machine, Missing, find, this_machine
from .provenance import Provenance, gather
from .settings import Environment

CONFIG_NAME = "measure.yml"
EXTRA_ROUNDS = 6  # the most rounds one build adds to a group
HEARTBEAT = 10.0  # seconds between "still measuring" lines while one run goes on

# Verdicts reached in this process (a build checks a claim while settling and again on
# its page; ``mkdocs serve`` rebuilds many times), each with the digests of the groups
# it read: reused while those groups hold the same runs.
_decided: dict[tuple[str, str, str], tuple[Verdict, dict[tuple[str, Interpreter], str]]] = {}

# Besides the runs it reads, a verdict depends only on the decision rule (claims.py) and
# on which runs count as disturbed (benchmark.py): a verdict kept in the cache by an
# earlier build is reused while all three are unchanged.
RULE = hashlib.sha256(b"".join(Path(m.__file__).read_bytes() for m in (claims_module, benchmark_module))).hexdigest()


class ConfigError(ValueError):
    """measure.yml says something the runner does not understand."""


@dataclass(frozen=True)
class Settings:
    """How one folder is measured."""

    repeats: int = 3
    warmup: int = 1
    timeout: float = 60
    matrix: bool = False  # also run on the configured extra interpreters
    arguments: dict[str, list] = field(default_factory=dict)  # glob -> one variant per argument
    # measure the machine's parallel capacity beside the folder, for capacity(): on every
    # interpreter (true), or only where a claim's when= would apply ("gil", "no-gil", ...)
    capacity: bool | str = False

    def measures_capacity(self, interpreter: Interpreter) -> bool:
        return self.capacity is True or (bool(self.capacity) and claims_module.applies(self.capacity, interpreter))

    def key_part(self) -> dict:
        return {
            "repeats": self.repeats,
            "warmup": self.warmup,
            "timeout": self.timeout,
            "arguments": self.arguments,
            "capacity": self.capacity,
        }

    def variants(self, name: str) -> list[str]:
        """``name`` alone, or ``name arg`` for each argument of the first glob it matches."""
        for pattern, values in self.arguments.items():
            if fnmatch.fnmatch(name, pattern):
                return [f"{name} {value}" for value in values]
        return [name]


@dataclass
class Config:
    defaults: Settings = field(default_factory=Settings)
    folders: dict[str, Settings] = field(default_factory=dict)
    interpreters: list[str] = field(default_factory=list)

    @classmethod
    def load(cls, examples_dir: Path) -> Config:
        path = examples_dir / CONFIG_NAME
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else None
        raw = raw or {}
        _known(path, "the top level", raw, {"defaults", "folders", "interpreters"})
        defaults = Settings(**_known(path, "defaults", raw.get("defaults") or {}))
        folders = {
            name: Settings(**{**defaults.__dict__, **_known(path, f"folders: {name}", options or {})})
            for name, options in (raw.get("folders") or {}).items()
        }
        interpreters = list(raw.get("interpreters") or [])
        override = Environment.read().interpreters
        return cls(defaults, folders, interpreters if override is None else override)

    def settings(self, folder: str) -> Settings:
        return self.folders.get(folder, self.defaults)


def _known(path: Path, where: str, options: dict, allowed: set[str] | None = None) -> dict:
    """``options``, once every key in it is one the runner knows."""
    allowed = allowed or set(Settings.__dataclass_fields__)
    if not isinstance(options, dict):
        raise ConfigError(f"{path}: {where}: expected a mapping, found {options!r}")
    for key in options:
        if key not in allowed:
            raise ConfigError(f"{path}: {where}: unknown key {key!r} (known: {', '.join(sorted(allowed))})")
    capacity = options.get("capacity", False)
    if not isinstance(capacity, bool):
        try:
            claims_module.known_when(capacity)
        except claims_module.ClaimError:
            known = ", ".join(repr(name) for name in claims_module.WHEN)
            raise ConfigError(
                f"{path}: {where}: capacity: expected true, false or one of {known}, found {capacity!r}"
            ) from None
    return options


class ExampleNotFound(AuthorError):
    """A page or a claim names an example (or a variant) that does not exist."""


class NotMeasuredYet(LookupError):
    """A group that is neither cached nor to be measured by this suite (``measure=False``)."""

    def __init__(self, folder: str, interpreter: Interpreter) -> None:
        super().__init__(f"{folder}/ on {interpreter.label} is not measured yet")
        self.folder, self.interpreter = folder, interpreter


class Groups:
    """How the suite measures its groups: every one in order (a build), one on demand,
    read from the cache, and measured further until the claims on it are decided.
    :class:`Suite` holds the state these methods use and the lookups they serve."""

    examples_dir: Path
    cache: Cache
    provenance: Provenance
    config: Config
    fresh: bool
    measure: bool
    budget: float
    claims: list[Claim]
    stopped: dict[tuple[str, str], str]
    doing: str
    progress: Progress
    _groups: dict[tuple[str, str], dict[str, Measurement]]

    def groups(self) -> list[tuple[str, Interpreter]]:
        """Every group the site measures, in order: each folder of examples on the build's
        interpreter, then on the matrix's other interpreters that are installed."""
        names = [self.python, *self.config.interpreters]
        with ThreadPoolExecutor() as pool:  # each is asked in a process of its own: ask them at once
            list(pool.map(self.interpreter, names))
        folders = sorted({p.parent.relative_to(self.examples_dir).as_posix() for p in self.examples_dir.rglob("*.py")})
        return [
            (folder, interpreter)
            for folder in folders
            for interpreter in self.interpreters_for(f"{folder}/x.py")
            if isinstance(interpreter, Interpreter)
        ]

    def measure_all(self) -> None:
        """Measure every group (or read it from the cache), saying how far along it is,
        and at least every ``HEARTBEAT`` seconds while a run goes on."""
        plan = self.groups()
        launcher = launch.chosen(Environment.read().launcher)
        self.progress(f"scripts started by the {launcher} launcher: {launch.DESCRIPTIONS[launcher]}")
        with self._heartbeat():
            for number, (folder, interpreter) in enumerate(plan, start=1):
                self.doing = f"{folder}/ on {interpreter.label} (group {number} of {len(plan)})"
                self._group(folder, interpreter)
        self.doing = ""

    def key(self, folder: str, interpreter: Interpreter) -> str:
        """The group's cache key."""
        return self._plan(folder, interpreter)[0]

    def is_cached(self, folder: str, interpreter: Interpreter) -> bool:
        """Is the group in the cache (or already loaded by this suite)?"""
        if (folder, interpreter.fingerprint) in self._groups:
            return True
        return self.cache.load(self.key(folder, interpreter)) is not None

    @contextlib.contextmanager
    def _heartbeat(self):
        stop = threading.Event()
        started = time.perf_counter()

        def beat() -> None:
            while not stop.wait(HEARTBEAT):
                if self.doing:
                    self.progress(f"still measuring {self.doing}, {time.perf_counter() - started:.0f} s so far")

        thread = threading.Thread(target=beat, daemon=True)
        thread.start()
        try:
            yield
        finally:
            stop.set()

    def group(self, folder: str, interpreter: Interpreter) -> dict[str, Measurement]:
        """Every measurement of a folder on one interpreter: cached, or measured now until decided."""
        return self._group(folder, interpreter)

    def _group(self, folder: str, interpreter: Interpreter) -> dict[str, Measurement]:
        memo = (folder, interpreter.fingerprint)
        if memo not in self._groups:
            self._hold(memo, self._load_or_measure(folder, interpreter))
            self._settle(folder, interpreter)
        return self._groups[memo]

    def _hold(self, memo: tuple[str, str], results: dict[str, Measurement]) -> None:
        self._groups[memo] = results
        self._digests[memo] = digest(results)

    def _plan(self, folder: str, interpreter: Interpreter) -> tuple[str, list[str]]:
        """The group's cache key and its scripts (with the calibration, if the folder asks for it)."""
        directory = self.examples_dir / folder
        files = {p.name: p.read_bytes() for p in sorted(directory.glob("*.py"))}
        settings = self.config.settings(folder)
        names = [variant for name in files for variant in settings.variants(name)]
        if settings.measures_capacity(interpreter):
            files[CAPACITY] = CAPACITY_SCRIPT.read_bytes()
            names += [f"{CAPACITY} 1", f"{CAPACITY} 2"]
        key = group_key(files, interpreter, settings.key_part())
        return key, [f"{folder}/{name}" if folder else name for name in names]

    def _load_or_measure(self, folder: str, interpreter: Interpreter) -> dict[str, Measurement]:
        key, scripts = self._plan(folder, interpreter)
        settings = self.config.settings(folder)
        if not self.fresh and (cached := self.cache.load(key)) is not None:
            self.progress(f"cached   {folder or '.'}/ on {interpreter.label}")
            return cached
        if not self.measure:
            raise NotMeasuredYet(folder, interpreter)
        with self.cache.measuring():
            if not self.fresh and (cached := self.cache.load(key)) is not None:
                return cached  # another build measured it while we waited
            started = time.perf_counter()
            results = measure_group(
                self.examples_dir,
                scripts,
                interpreter,
                self.machine,
                repeats=settings.repeats,
                warmup=settings.warmup,
                timeout=settings.timeout,
                progress=self.progress,
            )
            self.progress(f"measured {folder or '.'}/ on {interpreter.label} in {time.perf_counter() - started:.1f} s")
            if all(m.ok for m in results.values()):
                self.cache.store(key, results, self.provenance.to_dict())  # a failure is never cached
        return results


class Settling:
    """How the suite spends rounds where they decide something: a group whose claims
    are not decided gets one more round at a time, within the build's budget."""

    config: Config
    claims: list[Claim]
    budget: float
    measure: bool
    stopped: dict[tuple[str, str], str]
    progress: Progress
    _groups: dict[tuple[str, str], dict[str, Measurement]]

    def _claims_on(self, folder: str, interpreter: Interpreter) -> list[Claim]:
        """The claims decided from this folder's results, on this interpreter."""
        return [
            claim for claim in self.claims if claim.folder == folder and claims_module.applies(claim.when, interpreter)
        ]

    def _settle(self, folder: str, interpreter: Interpreter) -> None:
        """Add rounds to the group until its claims are decided, within the budget.

        Measured in this build: until no claim is undecided. Read from the cache:
        also one more look at a claim the cached rounds contradicted."""
        memo = (folder, interpreter.fingerprint)
        results = self._groups[memo]
        if not self.measure or not all(m.ok for m in results.values()):
            return
        cached = any(m.cached for m in results.values())
        key = self.key(folder, interpreter)
        for added in range(EXTRA_ROUNDS + 1):
            again = {claims_module.UNDECIDED} | ({claims_module.CONTRADICTED} if cached and added == 0 else set())
            claims = self._claims_on(folder, interpreter)
            pending = [claim for claim in claims if self.verdict(claim, interpreter).status in again]
            if not pending:
                return
            if added == EXTRA_ROUNDS:
                self.stopped[memo] = f"measuring stopped after the {EXTRA_ROUNDS} extra rounds a build may add"
                return
            if self.budget <= 0:
                self.stopped[memo] = "measuring stopped: the build's budget for extra rounds was spent"
                return
            scripts = [e for claim in pending for e in claim.examples() if Example.parse(e).folder == folder]
            if self.config.settings(folder).measures_capacity(interpreter) and any(c.uses_capacity() for c in pending):
                scripts += [f"{folder}/{CAPACITY} 1", f"{folder}/{CAPACITY} 2"]
            scripts = list(dict.fromkeys(scripts))
            self.progress(f"deciding {folder}/ on {interpreter.label}: {len(pending)} claims open, one more round")
            started = time.perf_counter()
            with self.cache.measuring():
                results = measure_group(
                    self.examples_dir,
                    scripts,
                    interpreter,
                    self.machine,
                    repeats=1,
                    timeout=self.config.settings(folder).timeout,
                    progress=self.progress,
                    previous=results,
                )
                self._hold(memo, results)
                if all(m.ok for m in results.values()):
                    self.cache.store(key, results, self.provenance.to_dict())
            self.budget -= time.perf_counter() - started


class Suite(Groups, Settling):
    """Measurements of the examples, measured on demand, until decided, and cached."""

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
    ) -> None:
        self.examples_dir = Path(examples_dir).resolve()
        self._provenance = provenance  # what this build is made from, stored beside what it measures
        self.cache = Cache(cache_dir)
        self.config = Config.load(self.examples_dir)
        environment = Environment.read()
        self.fresh = environment.fresh if fresh is None else fresh
        self.progress = progress or (lambda line: print(line, file=sys.stderr, flush=True))
        self.python = python
        self.claims = list(dict.fromkeys(claims or []))
        self.budget = environment.budget if budget is None else budget
        self.measure = measure  # False: read the cache only (NotMeasuredYet for the rest)
        self.stopped: dict[tuple[str, str], str] = {}  # why a group's extra rounds stopped short
        self.doing = ""  # what is being measured now, for the heartbeat
        self._machine: Machine | None = None
        self._interpreters = {} if interpreters is None else interpreters  # by name, as found (shared if given)
        self._groups: dict[tuple[str, str], dict[str, Measurement]] = {}
        self._paths: dict[str, Path] = {}  # the scripts found, looked up for every directive and result
        self._digests: dict[tuple[str, str], str] = {}

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

    def interpreter(self, name: str) -> Interpreter | Missing:
        if name not in self._interpreters:
            self._interpreters[name] = find(name)
        return self._interpreters[name]

    def _find_all(self, names: list[str]) -> None:
        """Probe the interpreters not found yet all at once: each probe starts one (through
        a wrapper, 60 ms), and one after another they took 0.3 s of every build."""
        missing = [name for name in dict.fromkeys(names) if name not in self._interpreters]
        if not missing:  # found already: every call after a build's first
            return
        with ThreadPoolExecutor(max_workers=len(missing)) as pool:
            for name, found in zip(missing, pool.map(find, missing), strict=True):
                self._interpreters[name] = found

    @property
    def default(self) -> Interpreter:
        """The interpreter running the build."""
        found = self.interpreter(self.python)
        if isinstance(found, Missing):
            raise RuntimeError(f"cannot run the build's own interpreter: {found.reason}")
        return found

    def interpreters_for(self, example: str) -> list[Interpreter | Missing]:
        """The build's interpreter, then the matrix if the example's folder asks for it."""
        found: list[Interpreter | Missing] = [self.default]
        if self.config.settings(Example.parse(example).folder).matrix:
            self._find_all(self.config.interpreters)
            for name in self.config.interpreters:
                other = self.interpreter(name)
                seen = [i.fingerprint for i in found if isinstance(i, Interpreter)]
                if isinstance(other, Missing) or other.fingerprint not in seen:
                    found.append(other)
        return found

    def path(self, example: str) -> Path:
        """The script's file (arguments after a space ignored); ``ExampleNotFound`` if none."""
        script = Example.parse(example).script
        if script in self._paths:
            return self._paths[script]
        path = (self.examples_dir / script).resolve()
        if self.examples_dir not in path.parents or path.suffix != ".py" or not path.is_file():
            raise ExampleNotFound(f"no example {example!r} (looked for {path})")
        self._paths[script] = path
        return path

    def measurement(self, example: str, interpreter: Interpreter | None = None) -> Measurement:
        """The example's measurement on ``interpreter`` (default: the build's own)."""
        run = Example.parse(example)
        if not run.calibration:
            self.path(example)
        group = self._group(run.folder, interpreter or self.default)
        if example in group:
            return group[example]
        if run.calibration:
            raise ExampleNotFound(
                f"capacity() needs `capacity: true` for {run.folder}/ in examples/measure.yml "
                f"(it is {self.config.settings(run.folder).capacity!r}; this is {(interpreter or self.default).label})"
            )
        variants = ", ".join(name for name in group if Example.parse(name).script == run.script)
        raise ExampleNotFound(f"no variant {example!r} is configured in measure.yml (there is: {variants})")

    def verdict(self, claim: Claim, interpreter: Interpreter) -> Verdict:
        """The claim decided on ``interpreter``, saying why measuring stopped if it is not."""
        key = (claim.expression, claim.when, interpreter.fingerprint)
        kept = _decided.get(key) or self._kept_verdict(key, interpreter)
        if kept and all(self._digest_of(*group) == kept_digest for group, kept_digest in kept[1].items()):
            verdict = kept[0]
            _decided[key] = kept  # read from the cache once, not again on the page or the next rebuild
        else:
            read: set[tuple[str, Interpreter]] = set()

            def lookup(example: str, on: Interpreter | None = None) -> Measurement:
                found = self.measurement(example, on)
                read.add((Example.parse(example).folder, on or self.default))
                return found

            try:
                verdict = claims_module.check(claim.expression, interpreter, lookup, claim.when)
            except ExampleNotFound as error:
                return Verdict(interpreter.label, claims_module.ERROR, reason=str(error))
            _decided[key] = (verdict, {group: self._digest_of(*group) for group in read})
            self._keep_verdict(key, interpreter)
        stopped = self.stopped.get((claim.folder, interpreter.fingerprint))
        if verdict.status == claims_module.UNDECIDED and stopped:
            verdict = replace(verdict, reason=f"{verdict.reason}; {stopped}")
        return verdict

    def _kept_verdict(self, key: tuple[str, str, str], interpreter: Interpreter):
        """The verdict an earlier build kept for ``key``, with the digests of the groups it read."""
        record = self.cache.record("verdicts", _record_key(key))
        try:
            return Verdict(**record["verdict"]), {(folder, interpreter): d for folder, d in record["read"].items()}
        except (TypeError, KeyError):  # none kept, or kept by another version of the runner
            return None

    def _keep_verdict(self, key: tuple[str, str, str], interpreter: Interpreter) -> None:
        """Keep the verdict just reached on ``interpreter``'s runs, for later builds."""
        verdict, read = _decided[key]
        if all(on.fingerprint == interpreter.fingerprint for _, on in read):
            record = {"verdict": asdict(verdict), "read": {folder: d for (folder, _), d in read.items()}}
            self.cache.keep("verdicts", _record_key(key), record)

    def _digest_of(self, folder: str, interpreter: Interpreter) -> str:
        """The digest of a group's results in this build (read now if need be)."""
        self._group(folder, interpreter)
        return self._digests[(folder, interpreter.fingerprint)]

    def variants(self, example: str) -> list[str]:
        """The measured variants of a script: itself, or one per configured argument."""
        self.path(example)
        folder, _, name = example.rpartition("/")
        return [f"{folder}/{variant}" if folder else variant for variant in self.config.settings(folder).variants(name)]

    def measured(self) -> list[Measurement]:
        """Every measurement this build has used so far."""
        return [m for group in self._groups.values() for m in group.values()]


def _record_key(key: tuple[str, str, str]) -> str:
    """Where a verdict is kept: the claim, its interpreter and the rule."""
    return hashlib.sha256(json.dumps([*key, RULE]).encode()).hexdigest()[:32]
