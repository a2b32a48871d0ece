"""The rehearsal: this machine measured as two machines, their bundles merged, one site built.

    python -m measured rehearse [DIR] [--folders lab models] [--fresh]

The publishing workflow measures on several runners and builds one site from their
bundles (:mod:`measured.bundle`); the rehearsal does the same on one machine. CPU
affinity (``os.sched_setaffinity``, inherited by the runner, its launch server and
every script) makes two machines of it: *one core*, confined to the first usable core
(its card says 1 usable core, so its id differs), and *all cores*, unconfined. Each
measures ``--folders`` into a cache of its own under ``DIR`` and exports its bundle;
both are imported into a fresh cache, and the site is built from it strictly with
``MEASURED_EXECUTE=0``: the unconfined machine's results are the building machine's
own, the confined one's appear beside them.

The default folders are ``lab`` and ``models``: the two whose claims and charts are
about parallelism (speed-ups against ``capacity()``, the lab's scaling charts), so the
ones where one core and two must differ; the other folders print lessons that do not
depend on the cores and would only make the rehearsal slower. Only the build's own
interpreter is measured (``MEASURED_INTERPRETERS`` empty unless set). The machines'
caches are kept in ``DIR`` and reused by the next rehearsal (``--fresh`` measures
again); the merged cache and the site are made afresh every time.

Linux only: macOS and Windows have no ``sched_setaffinity``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from .settings import MKDOCS_ENV, Layout

# the lab and the tour's models, and what their pages' claims read besides: the timeline's
# run, and the costs the calculator's predictions of the lab rest on (predicted.md)
FOLDERS = ("lab", "models", "tour", "start_methods", "processes", "free_threading", "subinterpreters")
ONE_CORE, ALL_CORES = "one core", "all cores"


@dataclass(frozen=True)
class Rehearsed:
    """Where a rehearsal left its results and its site, and what each step took (seconds)."""

    folder: Path
    site: Path
    cache: Path
    times: dict[str, float]
    measured_ok: dict[str, bool]  # by machine: did `python -m measured` exit 0 (no claim contradicted)?
    built: bool  # did the strict build succeed?
    log: str  # the build's output


def machines() -> dict[str, set[int]]:
    """The two machines: their names and the CPUs each may use."""
    if not hasattr(os, "sched_setaffinity"):
        raise SystemExit("the rehearsal needs CPU affinity (os.sched_setaffinity): Linux only")
    usable = sorted(os.sched_getaffinity(0))
    if len(usable) < 2:
        raise SystemExit(f"the rehearsal needs 2 usable cores to make two machines of; this process has {len(usable)}")
    return {ONE_CORE: {usable[0]}, ALL_CORES: set(usable)}


def _slug(name: str) -> str:
    return name.replace(" ", "-")


def _run(command: list[str], cpus: set[int] | None, env: dict[str, str], quiet: bool = False) -> tuple[int, str]:
    """Run ``command`` from the checkout, confined to ``cpus`` (None: as this process is)."""
    confine = (lambda: os.sched_setaffinity(0, cpus)) if cpus else None
    print("$", " ".join(command), f"(on CPUs {sorted(cpus)})" if cpus else "", flush=True)
    done = subprocess.run(
        command,
        cwd=Layout().root,
        env=env,
        preexec_fn=confine,  # the child has one thread until it execs
        stdout=subprocess.PIPE if quiet else None,
        stderr=subprocess.STDOUT if quiet else None,
        text=True,
        check=False,
    )
    return done.returncode, done.stdout or ""


def rehearse(folder: Path, folders: tuple[str, ...] = FOLDERS, fresh: bool = False) -> Rehearsed:
    """Measure, export, import and build, as above; return what it made."""
    folder = Path(folder).resolve()
    env = {**os.environ, **MKDOCS_ENV}
    env.setdefault("MEASURED_INTERPRETERS", "")  # the build's own interpreter only, unless asked
    python = sys.executable
    times: dict[str, float] = {}
    measured_ok = {}
    bundles = []
    for name, cpus in machines().items():
        cache = folder / _slug(name) / "cache"
        if fresh:
            shutil.rmtree(cache, ignore_errors=True)
        started = time.perf_counter()
        code, _ = _run([python, "-m", "measured", *folders, "--cache", str(cache)], cpus, env)
        measured_ok[name] = code == 0
        bundle = folder / _slug(name) / "bundle"
        _run([python, "-m", "measured", "export", str(bundle), "--name", name, "--cache", str(cache)], cpus, env)
        times[f"measure {name}"] = time.perf_counter() - started
        bundles.append(str(bundle))

    merged, site = folder / "merged-cache", folder / "site"
    shutil.rmtree(merged, ignore_errors=True)
    shutil.rmtree(site, ignore_errors=True)
    _run([python, "-m", "measured", "import", *bundles, "--cache", str(merged)], None, env)

    started = time.perf_counter()
    build_env = {**env, "MEASURED_EXECUTE": "0", "MEASURED_CACHE": str(merged)}
    mkdocs = [python, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)]
    code, log = _run(mkdocs, None, build_env, quiet=True)
    times["build"] = time.perf_counter() - started
    print(log[-3000:], end="")
    return Rehearsed(folder, site, merged, times, measured_ok, code == 0, log)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m measured rehearse", description=__doc__.split("\n")[0])
    parser.add_argument("folder", nargs="?", type=Path, default=Layout().root / ".cache" / "rehearsal", metavar="DIR")
    parser.add_argument("--folders", nargs="+", default=list(FOLDERS), help=f"what to measure (default: {FOLDERS})")
    parser.add_argument("--fresh", action="store_true", help="measure again, ignoring the machines' caches")
    options = parser.parse_args(argv)
    done = rehearse(options.folder, tuple(options.folders), options.fresh)
    print()
    for step, took in done.times.items():
        print(f"{step:22} {took:6.1f} s")
    for name, ok in done.measured_ok.items():
        print(f"{name}: {'no claim contradicted' if ok else 'a claim is contradicted or an example failed (above)'}")
    print(f"site: {done.site} ({'built' if done.built else 'the strict build FAILED'})")
    return 0 if done.built and all(done.measured_ok.values()) else 1
