"""The machines a build shows: its own, and every other whose bundle was imported.

A bundle from another machine is kept apart in the cache (:func:`measured.bundle.import_bundle`,
under ``machines/<id>/``). Here each becomes an :class:`Elsewhere`: a :class:`Suite` that
reads that folder only and never measures, with the other machine's card and
interpreters, so that every directive asks it what it asks this machine's suite. Its
verdicts are decided here from its runs, never read from what the bundle kept: a
bundle says what was measured, this build decides what that shows.

Its interpreters are the bundle's: the one most of its groups ran on is its own (the
build's interpreter there); the matrix's names (``python3.14t``) are matched by each
one's version and build (:func:`measured.interpreter.answers_to`: on Windows the file
is ``python.exe`` whatever it is). Its groups are found by the keys its index records, not by
keys computed here: a key names the interpreter by its path on the machine that ran
it, which may not even be a path here (``C:\\hostedtoolcache\\...``).

A group is used only if it was measured from the scripts and settings of this
checkout: the digest of its folder's scripts, settings and runner version, as this
checkout gives it, must be the one its bundle recorded (the key cannot be compared:
it names the interpreter by its path there). A stale group is left out, and the pages
say so where its numbers would be, and under the machine cards.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .bundle import MACHINES, MachineCard, machine_id, read_index
from .cache import Cache
from .claims import Claim
from .config import Config
from .groups import checkout_digest
from .interpreter import Interpreter, Machine, Missing, answers_to
from .memory import Decided
from .provenance import Provenance
from .settings import Environment
from .suite import Suite

__all__ = ["Elsewhere", "choose_first", "first", "imported", "missing", "name_here", "own_card"]

OWN = "@own"  # the name an other machine's own interpreter is found by in its suite
NAME_FILE = "machine.json"  # in the cache: the building machine's card and name, from its own bundle


@dataclass
class Elsewhere:
    """Another machine's results, read as a suite of their own."""

    card: MachineCard
    suite: Suite
    folders: set[str]  # the folders it measured
    stale: dict[str, str] = field(default_factory=dict)  # the folders left out, each with why

    @property
    def label(self) -> str:
        return self.card.label

    def measured(self, example: str) -> bool:
        return example.split("/", 1)[0] in self.folders

    def left_out(self, example: str) -> str | None:
        """Why this machine's results for the example's folder are not shown, if they were left out."""
        return self.stale.get(example.split("/", 1)[0])

    def counterpart(self, interpreter: Interpreter, here: Suite) -> Interpreter | None:
        """The interpreter of this machine that stands beside ``interpreter`` of the building machine:
        the build's own beside the build's own, else the one of the same version and build."""
        if interpreter == here.default:
            return self.suite.default
        same = [i for i in self.suite.interpreters.found.values() if isinstance(i, Interpreter)]
        return next((i for i in same if i.label == interpreter.label), None)


def imported(
    examples_dir: Path, cache_dir: Path, claims: list[Claim], decided: Decided | None = None
) -> list[Elsewhere]:
    """Every other machine imported into the cache at ``cache_dir``, by name; ``decided``, the
    verdicts earlier builds of this process reached (:class:`measured.suite.Suite`)."""
    examples = Path(examples_dir).resolve()
    config = Config.load(examples, Environment.read().interpreters)
    found = []
    for card_file in sorted((Path(cache_dir) / MACHINES).glob(f"*/{NAME_FILE}")):
        folder = card_file.parent
        card = MachineCard.from_dict(json.loads(card_file.read_text(encoding="utf-8")))
        index = read_index(folder)
        if not index:
            continue
        groups = [(where["folder"], Interpreter(**where["interpreter"]), key) for key, where in index.items()]
        own = Counter(interpreter for _, interpreter, _ in groups).most_common(1)[0][0]
        current = {key for f, i, key in groups if index[key].get("scripts") == checkout_digest(examples, config, f, i)}
        stale = {f: _why_stale(f, card.label, folder, key) for f, _, key in groups if key not in current}
        groups = [(f, i, key) for f, i, key in groups if key in current]
        by_name: dict[str, Interpreter | Missing] = {OWN: own}
        for name in config.interpreters:
            ran = [i for _, i, _ in groups if answers_to(i, name)]
            by_name[name] = ran[0] if ran else Missing(name, f"not measured on {card.label}")
        suite = Suite(
            examples,
            folder,
            claims=claims,
            progress=lambda line: None,
            python=OWN,
            interpreters=by_name,
            machine=card.card,
            keys={(f, i.fingerprint): key for f, i, key in groups},
            scope=card.id,
            decided=decided,
        )
        found.append(Elsewhere(card, suite, {f for f, _, _ in groups}, stale))
    return sorted(found, key=lambda e: e.label)


def _why_stale(examples: str, machine: str, cache: Path, key: str) -> str:
    """What the pages say of a group measured from other scripts or settings than this checkout's."""
    kept = Cache(cache).provenance(key)
    commit = Provenance.from_dict(kept).commit if kept else None
    at = f" at commit {commit.short}" if commit else ""
    return (
        f"{machine} measured examples/{examples}/{at}, from scripts or settings other than this build's; "
        "its results for them are left out until it measures them again"
    )


def choose_first(name: str, expected: list[str] | None, present: list[str]) -> str:
    """The machine the pages show first: ``name`` (``MEASURED_MACHINE``) if its results are here,
    else the first expected machine (``MEASURED_MACHINES``, in order) that is, else the first present.
    Any subset of the publishing matrix publishes: a failed runner is named, never fatal."""
    if name in present or not present:
        return name
    return next((machine for machine in expected or [] if machine in present), present[0])


def first(here: Suite, called: str, others: list[Elsewhere], name: str) -> tuple[Suite, str, list[Elsewhere]]:
    """The machine called ``name`` as the one the pages show first: its suite, its name, and the rest.
    The building machine itself (``here``, ``called`` so) when its own bundle gave it that name."""
    if name == called:
        return here, called, others
    chosen = [other for other in others if other.label == name]
    if not chosen:
        known = ", ".join(other.label for other in others) or "none"
        raise SystemExit(f"MEASURED_MACHINE={name}: no imported machine has that name (imported: {known})")
    return chosen[0].suite, name, [other for other in others if other is not chosen[0]]


def missing(expected: list[str] | None, present: list[str]) -> list[str]:
    """The machines expected (``MEASURED_MACHINES``) whose results are not in this build."""
    return [name for name in expected or [] if name not in present]


def own_card(cache_dir: Path) -> MachineCard | None:
    """The card of the bundle the cache's own machine imported into it (the name it goes by), if any."""
    try:
        return MachineCard.from_dict(json.loads((Path(cache_dir) / NAME_FILE).read_text(encoding="utf-8")))
    except (OSError, ValueError):  # none, or not a card (BundleError is a ValueError)
        return None


def name_here(cache_dir: Path, machine: Machine) -> str:
    """What the building machine is called: the name its own imported bundle gave it, else its card's label."""
    card = own_card(cache_dir)
    return card.label if card and card.id == machine_id(machine) else machine.label
