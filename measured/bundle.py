"""One machine's results as a bundle: a versioned JSON file that travels, and a flat CSV beside it.

    python -m measured export DIR [--name NAME]          write DIR/results.json and DIR/results.csv
    python -m measured import [--partial] DIR_OR_FILE... merge bundles into this checkout's cache

A bundle holds what the site's pages are made from on one machine: every run of every
round of every group (a folder of examples on one interpreter), with its contention
and launcher, the machine's card, the versions that measured each group and made the
bundle (:mod:`measured.provenance`), and the verdicts of the pages' claims. The format
is documented, with its history, in docs/methodology.md ("The results as data"); each
data class below owns its JSON (``to_dict`` and ``from_dict``).

A bundle is input from elsewhere (a CI artifact, a contributor's upload), so reading one
checks every field as it descends, in one pass: its type, its range (finite,
non-negative times and sizes, at least one core, known statuses and launchers), its
length, and the paths it names; a run's output and data files are capped as the runner
caps a script's when it runs here (:mod:`measured.process`). Anything else is refused
with a :class:`BundleError` of one line naming the file and the field
(``results.json: groups[3].measurements[0].samples[2].run.cpu: -1.0 is not a
non-negative finite number``), and nothing of a refused bundle is imported.
``import --partial`` imports the bundles that pass and records the others in the cache
(``machines/refused.json``, read back by :func:`refused`), so that the site can name them.

Importing keeps machines apart. The cache's key names the interpreter (by its path and
version) but not the machine, so a bundle from another machine written among this
machine's entries could be taken for this machine's results. A bundle from the
machine doing the import (the same card) is merged into the cache itself, each group
replacing the entry under the same key; a bundle from another machine is kept under
``machines/<id>/`` in the cache: the same entries and kept verdicts (a
:class:`~measured.cache.Cache` of its own), its card in ``machine.json`` and an index
of its groups in ``index.json`` (:func:`measured.machines.imported` reads them back),
which no build reads as this machine's.

Nothing here imports MkDocs: the hook calls :func:`publish` to put the build's bundle
on the site.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import json
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from . import __version__
from .benchmark import Example, Measurement, disturbed
from .bundle_input import (
    BundleError,
    Fields,
    field_path,
    hex_digits,
    list_of,
    mapping_of,
    measurement_of,
    one_line,
    one_of,
    or_null,
    plain_text,
    read_json,
    record_of,
    relative_path,
    shown,
    whole_count,
)
from .cache import SCHEMA, Cache, measurement_to_dict, write_atomically
from .claims import Claim, Verdict
from .interpreter import WHEN, Interpreter, Machine, this_machine
from .memory import RULE, record_key
from .provenance import Provenance
from .suite import NotMeasuredYet, Suite

FORMAT = "gil-measured-results"
VERSION = 2
# Format history (each version is described in docs/methodology.md, "The results as data"):
# 1 - first version: machine card, provenance, groups of measurements with every kept run, verdicts.
# 2 - each group's `scripts`: the digest of what it was measured from, the same on every machine.
READS = (2,)  # the versions this runner reads
JSON_NAME = "results.json"
CSV_NAME = "results.csv"
BUNDLE_FIELDS = ("format", "version", "runner", "cache_schema", "machine", "provenance", "groups", "verdicts")
MACHINES = "machines"  # the cache's folder of other machines' results
REFUSED = "refused.json"  # in that folder: the bundles the last import refused, and why


# One row per run; the columns are documented in docs/methodology.md.
CSV_COLUMNS = (
    "machine",
    "machine_name",
    "folder",
    "example",
    "script",
    "arguments",
    "interpreter",
    "version",
    "implementation",
    "build",
    "start_method",
    "platform",
    "usable_cores",
    "round",
    "wall_s",
    "cpu_s",
    "peak_rss_kib",
    "contention_cores",
    "disturbed",
    "launcher",
    "exit_code",
    "measured_at",
    "commit",
)


def machine_id(machine: Machine) -> str:
    """A short name for the machine, the same wherever its card is the same (12 hex digits)."""
    card = json.dumps(asdict(machine), sort_keys=True)
    return hashlib.sha256(card.encode()).hexdigest()[:12]


@dataclass(frozen=True)
class MachineCard:
    """The machine a bundle was measured on."""

    card: Machine
    """What the runner found out about it: processor, logical and usable cores, operating system."""
    name: str = ""
    """What the exporter called it (``--name``, e.g. a CI runner's label); the card's label if not named."""

    @property
    def id(self) -> str:
        return machine_id(self.card)

    @property
    def label(self) -> str:
        return self.name or self.card.label

    def to_dict(self) -> dict:
        return {"id": self.id, "name": self.label, "card": asdict(self.card)}

    @classmethod
    def from_dict(cls, data: object, at: str = "machine") -> MachineCard:
        """The card in ``data``; :class:`BundleError`, naming the field, if it is not a valid one."""
        read = Fields(data, at, ("id", "name", "card"))
        found = cls(read("card", record_of(Machine)), read("name", one_line))
        if found.id != data["id"]:
            raise BundleError(f"{field_path(at, 'id')}: {shown(data['id'])} is not its card's ({found.id!r})")
        return found


@dataclass
class Group:
    """One folder of examples measured together on one interpreter: the cache entry a page reads."""

    folder: str
    """The folder under ``examples/`` (``races``); its scripts are measured in interleaved rounds."""
    key: str
    """The cache key: a digest of the scripts' bytes, the interpreter, the settings and the runner's version."""
    scripts: str
    """A digest of the scripts' bytes, the settings and the runner's version: the key without the
    interpreter, the same on every machine (:func:`measured.cache.scripts_digest`)."""
    interpreter: Interpreter
    measurements: list[Measurement]
    """One per script or variant (``lab/cpu_threads.py 2``), in the order the runner keeps them."""
    provenance: Provenance | None = None
    """What measured it (its commit, date, versions), None if the entry did not record it."""

    def to_dict(self) -> dict:
        return {
            "folder": self.folder,
            "key": self.key,
            "scripts": self.scripts,
            "interpreter": asdict(self.interpreter),
            "provenance": self.provenance.to_dict() if self.provenance else None,
            "measurements": [{**measurement_to_dict(m), "summary": _summary(m)} for m in self.measurements],
        }

    @classmethod
    def from_dict(cls, data: object, at: str = "group") -> Group:
        """The group in ``data``; :class:`BundleError`, naming the field, if it is not a valid one."""
        read = Fields(data, at, ("folder", "key", "scripts", "interpreter", "provenance", "measurements"))
        folder = read("folder", relative_path())
        measurements = read("measurements", list_of(measurement_of))
        seen = set()
        for number, m in enumerate(measurements):
            where = f"{field_path(at, 'measurements')}[{number}].example"
            if Example.parse(m.example).folder != folder:
                raise BundleError(f"{where}: {shown(m.example)} is not a script of the group's folder {folder!r}")
            if m.example in seen:
                raise BundleError(f"{where}: {shown(m.example)} is measured twice in the group")
            seen.add(m.example)
        return cls(
            folder=folder,
            key=read("key", hex_digits(32)),
            scripts=read("scripts", hex_digits(32)),
            interpreter=read("interpreter", record_of(Interpreter)),
            measurements=measurements,
            provenance=read("provenance", or_null(record_of(Provenance))),
        )

    def results(self) -> dict[str, Measurement]:
        """The measurements by example, as the cache holds them."""
        return {m.example: m for m in self.measurements}


@dataclass
class KeptVerdict:
    """A claim of the pages, decided on one interpreter from the bundle's runs."""

    claim: str
    """The condition, as written in the page (``speedup('a.py', 'b.py') >= 2``)."""
    when: str
    """Where it is asserted (``always``, ``gil``, ``linux``...: :data:`measured.interpreter.WHEN`)."""
    pages: list[str]
    """Where the pages make it: ``races.md:73``."""
    fingerprint: str
    """The interpreter it was decided on (the ``interpreter`` of a group's identity)."""
    verdict: Verdict
    read: dict[str, str] = field(default_factory=dict)
    """The digest of each group's runs it read, by folder (empty: not kept for reuse)."""
    rule: str = RULE
    """A digest of the decision rule's code: a verdict is reused only by the same rule."""

    def to_dict(self) -> dict:
        return {
            "claim": self.claim,
            "when": self.when,
            "pages": self.pages,
            "fingerprint": self.fingerprint,
            "verdict": asdict(self.verdict),
            "read": self.read,
            "rule": self.rule,
        }

    @classmethod
    def from_dict(cls, data: object, at: str = "verdict") -> KeptVerdict:
        """The verdict in ``data``; :class:`BundleError`, naming the field, if it is not a valid one."""
        read = Fields(data, at, ("claim", "when", "pages", "fingerprint", "verdict", "read", "rule"))
        return cls(
            claim=read("claim", plain_text),
            when=read("when", one_of(tuple(WHEN))),
            pages=read("pages", list_of(plain_text)),
            fingerprint=read("fingerprint", plain_text),
            verdict=read("verdict", record_of(Verdict)),
            read=read("read", mapping_of(plain_text, keys=relative_path())),
            rule=read("rule", plain_text),
        )


@dataclass
class Bundle:
    """Everything one machine measured for the site, as one file."""

    machine: MachineCard
    provenance: Provenance
    """What made the bundle: the commit, date, CI run and versions of the export."""
    groups: list[Group] = field(default_factory=list)
    verdicts: list[KeptVerdict] = field(default_factory=list)
    runner: str = __version__
    """The runner's version (part of every cache key)."""
    cache_schema: int = SCHEMA
    """The cache's schema (part of every cache key)."""

    def to_dict(self) -> dict:
        return {
            "format": FORMAT,
            "version": VERSION,
            "runner": self.runner,
            "cache_schema": self.cache_schema,
            "machine": self.machine.to_dict(),
            "provenance": self.provenance.to_dict(),
            "groups": [group.to_dict() for group in self.groups],
            "verdicts": [verdict.to_dict() for verdict in self.verdicts],
        }

    @classmethod
    def from_dict(cls, data: object, source: str = "the bundle") -> Bundle:
        """The bundle in ``data``, every field checked; :class:`BundleError`, one line naming ``source``
        and the field, for anything it does not understand."""
        if not isinstance(data, dict):
            found = "null" if data is None else type(data).__name__
            raise BundleError(f"{source}: not a bundle of results (its top level is {found}, not an object)")
        if data.get("format") != FORMAT:
            raise BundleError(
                f"{source}: not a bundle of results (format {shown(data.get('format'))}, expected {FORMAT!r})"
            )
        version = data.get("version")
        if version not in READS:
            raise BundleError(
                f"{source}: bundle format version {shown(version)} is not one this runner reads "
                f"(it reads version {', '.join(map(str, READS))}); update the runner, or export the bundle again"
            )
        try:
            read = Fields(data, "", BUNDLE_FIELDS)
            return cls(
                machine=read("machine", MachineCard.from_dict),
                provenance=read("provenance", record_of(Provenance)),
                groups=read("groups", list_of(Group.from_dict)),
                verdicts=read("verdicts", list_of(KeptVerdict.from_dict)),
                runner=read("runner", plain_text),
                cache_schema=read("cache_schema", whole_count),
            )
        except BundleError as error:
            raise BundleError(f"{source}: {error}") from None

    @classmethod
    def load(cls, path: Path) -> Bundle:
        """Read a bundle: a ``results.json``, or a folder that holds one; :class:`BundleError`, one line
        naming the file, if it cannot be read or is not a bundle this runner understands."""
        path = Path(path)
        if path.is_dir():
            path = path / JSON_NAME
        name, data, literals = read_json(path)
        bundle = cls.from_dict(data, name)  # refuses a literal where it reads a value, naming the field
        if literals:  # in a field it does not read (a measurement's summary)
            raise BundleError(f"{name}: not JSON ({literals[0]} is not a number JSON allows)")
        return bundle

    def dumps(self) -> str:
        return json.dumps(self.to_dict(), indent=1, ensure_ascii=False) + "\n"

    def write(self, folder: Path) -> tuple[Path, Path]:
        """Write ``results.json`` and ``results.csv`` into ``folder``, atomically; return their paths."""
        folder = Path(folder)
        written = folder / JSON_NAME, folder / CSV_NAME
        write_atomically(written[0], self.dumps())
        write_atomically(written[1], to_csv(self))
        for path in written:
            path.chmod(0o644)  # published: readable by whoever serves the site
        return written


def csv_rows(bundle: Bundle) -> Iterable[dict[str, object]]:
    """The bundle flattened: one row per kept run (and per failed run), the columns of :data:`CSV_COLUMNS`."""
    for group in bundle.groups:
        i = group.interpreter
        commit = group.provenance.commit.sha if group.provenance and group.provenance.commit else ""
        for m in group.measurements:
            example = Example.parse(m.example)
            runs = [(s.round, s.run) for s in m.samples] + ([("", m.failure)] if m.failure else [])
            for number, run in runs:
                yield {
                    "machine": bundle.machine.id,
                    "machine_name": bundle.machine.label,
                    "folder": group.folder,
                    "example": m.example,
                    "script": example.script,
                    "arguments": " ".join(example.args),
                    "interpreter": i.label,
                    "version": i.version,
                    "implementation": i.implementation,
                    "build": i.build,
                    "start_method": i.start_method,
                    "platform": i.platform,
                    "usable_cores": m.machine.usable_cores,
                    "round": number,
                    "wall_s": run.wall,
                    "cpu_s": run.cpu,
                    "peak_rss_kib": run.peak_rss_kib,
                    "contention_cores": run.contention,
                    "disturbed": int(disturbed(run, m.machine.usable_cores)),
                    "launcher": run.launcher,
                    "exit_code": run.exit_code,
                    "measured_at": m.measured_at,
                    "commit": commit,
                }


def to_csv(bundle: Bundle) -> str:
    """The flat view as CSV text (``results.csv``)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(csv_rows(bundle))
    return out.getvalue()


def _summary(m: Measurement) -> dict:
    """What the pages show of a measurement, derived from its runs (written for readers, ignored when read)."""
    summary: dict[str, object] = {"ok": m.ok, "rounds": m.rounds}
    if m.ok:
        summary["wall"] = {"median": m.wall.median, "q1": m.wall.q1, "q3": m.wall.q3}
        summary["cpu"] = {"median": m.cpu.median, "q1": m.cpu.q1, "q3": m.cpu.q3}
        summary["peak_rss_kib"] = m.peak_rss_kib
        summary["noisy"] = m.noisy
        summary["why_noisy"] = m.why_noisy
        summary["disturbed_rounds"] = sorted(m.disturbed_rounds())
    return summary


def export(suite: Suite, claims: Mapping[Claim, Sequence[object]], name: str = "") -> Bundle:
    """The bundle of every group the site uses that ``suite``'s cache holds, and the verdicts on the
    ``claims`` (each with the places that make it, written as ``page.md:12`` by their ``str()``).

    Measures nothing: a group not in the cache is left out (``python -m measured`` or a
    build measures it)."""
    groups = []
    for folder, interpreter in suite.groups():
        if not suite.is_cached(folder, interpreter):
            continue
        try:
            measurements = list(suite.group(folder, interpreter).values())
        except NotMeasuredYet:  # cached, but a fresh build does not read the cache
            continue
        key = suite.key(folder, interpreter)
        kept = suite.cache.provenance(key)
        groups.append(
            Group(
                folder=folder,
                key=key,
                scripts=suite.scripts_digest(folder, interpreter),
                interpreter=interpreter,
                measurements=measurements,
                provenance=Provenance.from_dict(kept) if kept else None,
            )
        )
    measured = {(g.folder, g.interpreter.fingerprint) for g in groups}
    verdicts = []
    for claim, pages in claims.items():
        for interpreter in suite.interpreters_for(*claim.examples()):
            if not isinstance(interpreter, Interpreter) or (claim.folder, interpreter.fingerprint) not in measured:
                continue
            with contextlib.suppress(NotMeasuredYet):
                verdict = suite.verdict(claim, interpreter)
                record = suite.cache.record(
                    "verdicts", record_key((claim.expression, claim.when, interpreter.fingerprint))
                )
                read = record.get("read", {}) if record and record.get("verdict") == asdict(verdict) else {}
                verdicts.append(
                    KeptVerdict(
                        claim.expression,
                        claim.when,
                        [str(place) for place in pages],
                        interpreter.fingerprint,
                        verdict,
                        read,
                    )
                )
    return Bundle(MachineCard(suite.machine, name or suite.machine.label), suite.store.provenance, groups, verdicts)


def import_bundle(bundle: Bundle, cache_dir: Path, here: Machine | None = None) -> Path:
    """Merge ``bundle`` into the cache at ``cache_dir``; return the folder its results went to.

    From this machine (``here``, by default the one running): into the cache itself,
    each group replacing the entry of the same key. From another machine: under
    ``machines/<id>/``, beside what earlier bundles of that machine brought."""
    main = Cache(cache_dir)
    same = bundle.machine.id == machine_id(here or this_machine())
    target = main if same else Cache(Path(cache_dir) / MACHINES / bundle.machine.id)
    with main.measuring():  # a build measuring meanwhile would write the same entries
        index = {} if same else read_index(target.folder)
        for group in bundle.groups:
            target.store(group.key, group.results(), group.provenance.to_dict() if group.provenance else None)
            index[group.key] = {
                "folder": group.folder,
                "scripts": group.scripts,
                "interpreter": asdict(group.interpreter),
            }
        for kept in bundle.verdicts:
            if kept.read and kept.rule == RULE:  # kept by another rule: decided again from the runs
                record = {"verdict": asdict(kept.verdict), "read": kept.read}
                target.keep("verdicts", record_key((kept.claim, kept.when, kept.fingerprint)), record)
        # the card and its name; this machine's too, so that the pages call it what its bundle did
        write_atomically(target.folder / "machine.json", json.dumps(bundle.machine.to_dict(), indent=1))
        if not same:
            write_atomically(target.folder / "index.json", json.dumps(index, indent=1))
    return target.folder


@dataclass(frozen=True)
class Refused:
    """A bundle the last import refused."""

    source: str
    """The bundle as it was given to ``import`` (a folder, or the file)."""
    reason: str
    """The one line that refused it: the file, the field and what is wrong with it."""


def _keep_refused(cache_dir: Path, bundles: list[Refused]) -> None:
    """Keep the bundles an import refused in the cache (``machines/refused.json``), in place of the last import's."""
    write_atomically(Path(cache_dir) / MACHINES / REFUSED, json.dumps([asdict(r) for r in bundles], indent=1))


def refused(cache_dir: Path) -> list[Refused]:
    """The bundles the last import into the cache at ``cache_dir`` refused, and why (none if it recorded none)."""
    with contextlib.suppress(OSError, ValueError, TypeError, KeyError):
        kept = json.loads((Path(cache_dir) / MACHINES / REFUSED).read_text(encoding="utf-8"))
        return [Refused(str(entry["source"]), str(entry["reason"])) for entry in kept]
    return []


def read_index(folder: Path) -> dict:
    """The index of an imported machine's folder: where each of its cache entries came from."""
    with contextlib.suppress(OSError, ValueError):
        return json.loads((folder / "index.json").read_text(encoding="utf-8"))
    return {}


def publish(suite: Suite, claims: Mapping[Claim, Sequence[object]], folder: Path, name: str = "") -> tuple[Path, Path]:
    """Write ``suite``'s bundle (JSON and CSV) into ``folder`` of the built site: the hook calls it
    for the building machine, and for each other machine with a folder of its id below that."""
    folder.mkdir(parents=True, exist_ok=True)
    return export(suite, claims, name).write(folder)


def import_bundles(paths: list[Path], cache_dir: Path, partial: bool = False) -> int:
    """``python -m measured import``: every bundle read and checked before anything is written; then
    all of them imported, or none if one is refused, or with ``partial`` those that were not refused.
    Each refused bundle is one line on stderr, and the cache records them (:func:`refused`) whenever
    anything is imported, and with ``partial`` even when nothing is. Exit status 0, or 2 if nothing
    was imported."""
    bundles, refusals = [], []
    for path in paths:
        try:
            bundles.append((path, Bundle.load(path)))
        except BundleError as error:
            refusals.append(Refused(str(path), str(error)))
            print(f"python -m measured import: refused {error}", file=sys.stderr)
    if not bundles or (refusals and not partial):
        if partial:
            _keep_refused(cache_dir, refusals)
        return 2
    here = this_machine()
    for path, bundle in bundles:
        went = import_bundle(bundle, cache_dir, here)
        whose = "this machine" if went == Path(cache_dir) else "another machine, kept apart"
        print(f"{path}: {len(bundle.groups)} groups of {bundle.machine.label} ({whose}) -> {went}")
    _keep_refused(cache_dir, refusals)
    return 0
