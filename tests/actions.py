"""A small stand-in for GitHub Actions: a workflow's jobs run here, in bash, from a copy of the checkout.

It reads the workflow and runs each job's own steps in order: every ``run:`` line
(with the workflow's, the job's and the step's ``env:``), and, for the few actions
the project's workflows use, a stand-in that does here what the action does there
(:data:`ACTIONS`). It is not GitHub Actions: it knows only what those workflows use,
and anything else (another action, an input of an action it does not know, a
``${{ }}`` expression it cannot evaluate) stops it with an error naming it, so that a
workflow that starts using something new fails its rehearsal until this learns it.

What each job gets, as on a runner: a folder of its own (``jobs/<job>[-<matrix>]/``)
with an empty workspace that ``actions/checkout`` fills, a temporary folder, a tool
cache, ``$GITHUB_STEP_SUMMARY`` (kept, to be read afterwards), ``$GITHUB_OUTPUT``,
``$GITHUB_ENV`` and ``$GITHUB_PATH``; GitHub's default variables (``CI``,
``GITHUB_SHA``...); none of the caller's own variables but ``HOME``, the locale, and
``PATH`` without pyenv's folders or any venv's (a runner has neither). Artifacts are
folders, ``artifacts/<name>/``, shared by the jobs of one :class:`Run`. A step that
fails stops its job (the steps after it run only if their ``if:`` says ``always()`` or
``!cancelled()``) unless it has ``continue-on-error: true``; a job runs when the jobs
it ``needs`` succeeded, or as its ``if:`` says; a job or step past its
``timeout-minutes`` is killed, its whole process group.

What a job is given beyond the workflow (:class:`Entry`): the matrix entry it runs
for, the CPUs it may use (``os.sched_setaffinity`` in each step's process: one
machine made into several, as :mod:`measured.rehearse` does), variables that override
the workflow's, a cache to seed its checkout with, and the venv that stands in for
the one its steps would make.
"""

from __future__ import annotations

import contextlib
import fnmatch
import glob
import itertools
import os
import platform
import re
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from measured.interpreter import Interpreter, find

EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")
# The only variables a job takes from the caller's environment, besides PATH
KEPT = ("HOME", "USER", "LOGNAME", "LANG", "LC_ALL", "TERM", "TZ")
PYENV = os.path.realpath(os.environ.get("PYENV_ROOT", os.path.expanduser("~/.pyenv")))
PAGES_URL = "https://example.invalid/site"  # actions/configure-pages' base_url here
STEP_KEYS = {"id", "name", "uses", "with", "run", "env", "if", "continue-on-error", "shell", "timeout-minutes"}
ARCH = {"x86_64": "x64", "amd64": "x64", "aarch64": "arm64", "arm64": "arm64"}.get(platform.machine().lower(), "x64")


class Unsupported(Exception):
    """The workflow uses something the stand-in does not know: it must learn it first."""


class StepFailed(Exception):
    """An action's stand-in failed, as the action would have (a message for the log)."""


@dataclass(frozen=True)
class Entry:
    """One run of a job here: its matrix entry and what it is given beyond the workflow."""

    matrix: Mapping[str, str] = field(default_factory=dict)
    cpus: frozenset[int] | None = None  # the CPUs every step may use (None: as this process)
    env: Mapping[str, str] = field(default_factory=dict)  # overrides the workflow's, job's and steps' env
    cache: Path | None = None  # copied into the checkout as .cache/measured, if it exists
    venv: Path | None = None  # the checkout's .venv: links to this venv's files, and a fresh .installed


@dataclass
class StepRun:
    """What a step did."""

    name: str
    outcome: str  # success, failure or skipped: what the step did
    conclusion: str  # the same, but success for a failure with continue-on-error
    took: float


@dataclass
class JobRun:
    """What a job did: its steps' outcomes, its log and summary, and its folder."""

    job: str
    name: str
    matrix: Mapping[str, str]
    folder: Path
    status: str = "success"  # success, failure or skipped
    steps: list[StepRun] = field(default_factory=list)
    took: float = 0.0

    @property
    def workspace(self) -> Path:
        return self.folder / "workspace"

    @property
    def log(self) -> str:
        path = self.folder / "log"
        return path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""

    @property
    def summary(self) -> str:
        path = self.folder / "summary.md"
        return path.read_text(encoding="utf-8") if path.exists() else ""


@dataclass
class Tools:
    """Where setup-python's stand-in finds each version: the real interpreters of this machine,
    and the venv whose python is the unversioned ``python`` and ``python3``."""

    venv: Path
    found: dict[str, Interpreter | None] = field(default_factory=dict)

    def interpreter(self, version: str) -> Interpreter | None:
        """A real interpreter of ``version`` (``3.14``, ``3.14t``) on this machine (as the runner
        finds ``python3.14``: on PATH, under pyenv, in a tool cache; the version and build it
        says it is), or None."""
        if version not in self.found:
            found = find(f"python{version}")
            self.found[version] = found if isinstance(found, Interpreter) else None
        return self.found[version]


class Run:
    """One run of a workflow here: its jobs' folders and the artifacts they share."""

    def __init__(self, commit: Path, workflow: str, folder: Path, tools: Tools, sha: str = "") -> None:
        """``commit``: what every job checks out (:func:`snapshot`); ``workflow``: the file in it to run."""
        self.commit, self.folder, self.tools = Path(commit).resolve(), Path(folder).resolve(), tools
        self.workflow = yaml.safe_load((self.commit / workflow).read_text(encoding="utf-8"))
        self.sha = sha or "0" * 40
        self.artifacts = self.folder / "artifacts"
        self.artifacts.mkdir(parents=True, exist_ok=True)
        self.github = {"server_url": "https://github.com", "repository": "gil-measured/gil-measured"}

    def order(self) -> list[str]:
        """The jobs, each after every job it needs."""
        jobs = self.workflow["jobs"]
        done: list[str] = []
        while len(done) < len(jobs):
            ready = [name for name in jobs if name not in done and set(needs(jobs[name])) <= set(done)]
            if not ready:
                raise Unsupported(f"the jobs' needs form a cycle: {sorted(set(jobs) - set(done))}")
            done += ready
        return done

    def all(self, plan: Mapping[str, list[Entry]]) -> dict[str, list[JobRun]]:
        """Every job in ``needs`` order; a job the plan does not name runs once, with nothing given."""
        runs: dict[str, list[JobRun]] = {}
        for name in self.order():
            statuses = {need: _status(runs[need]) for need in needs(self.workflow["jobs"][name])}
            runs[name] = [self.job(name, entry, statuses) for entry in plan.get(name, [Entry()])]
        return runs

    def job(self, name: str, entry: Entry | None = None, needed: Mapping[str, str] | None = None) -> JobRun:
        """Run one job for ``entry``; ``needed``: the status of each job it needs (success if not given)."""
        spec, entry = self.workflow["jobs"][name], entry or Entry()
        _check_matrix(name, spec, entry.matrix)
        folder = self.folder / "jobs" / "-".join([name, *(str(v) for v in entry.matrix.values())])
        context = Context(self, entry, folder)
        run = JobRun(name, context.expand(spec.get("name", name)), entry.matrix, folder)
        for part in ("workspace", "temp", "tool-cache"):
            (folder / part).mkdir(parents=True, exist_ok=True)
        statuses = {(needed or {}).get(need, "success") for need in needs(spec)}
        job_status = next((status for status in ("failure", "skipped") if status in statuses), "success")
        if not context.condition(_text(spec.get("if", "success()")), job_status):
            run.status = "skipped"
            return run
        context.expand(spec.get("runs-on", ""))  # each expression is evaluated, so that each is known
        deadline = time.monotonic() + 60 * float(spec.get("timeout-minutes", 360))
        env = {**_strings(self.workflow.get("env"), context), **_strings(spec.get("env"), context)}
        shell = spec.get("defaults", {}).get("run", {}).get("shell", "")
        started = time.perf_counter()
        with open(folder / "log", "w", encoding="utf-8") as log, context.cleaning_up():
            for number, step in enumerate(spec["steps"], start=1):
                if set(step) - STEP_KEYS:
                    raise Unsupported(f"{name}, step {number}: {sorted(set(step) - STEP_KEYS)} not known here")
                title = context.expand(step.get("name") or _title(step))
                if not context.condition(_text(step.get("if", "success()")), run.status):
                    run.steps.append(StepRun(title, "skipped", "skipped", 0.0))
                    if "id" in step:
                        context.outputs[step["id"]] = {}  # a skipped step's outputs are empty
                    continue
                log.write(f"##[group]{title}\n")
                log.flush()
                began = time.perf_counter()
                ends = min(deadline, time.monotonic() + 60 * float(step.get("timeout-minutes", 360)))
                outcome = context.step(step, {**env, **_strings(step.get("env"), context)}, shell, log, ends)
                kept = "success" if outcome == "failure" and step.get("continue-on-error") is True else outcome
                log.write(f"##[endgroup] {title}: {outcome}{' (continue-on-error)' if kept != outcome else ''}\n")
                run.steps.append(StepRun(title, outcome, kept, time.perf_counter() - began))
                if kept == "failure":
                    run.status = "failure"
        if isinstance(spec.get("environment"), dict):
            context.expand(spec["environment"].get("url", ""))  # read after the steps, as on GitHub
        run.took = time.perf_counter() - started
        return run


def _title(step: Mapping[str, Any]) -> str:
    """A step without a name: its command's first line, or the action without its version."""
    return f"Run {step['run'].splitlines()[0]}" if "run" in step else step["uses"].split("@")[0]


def needs(job: Mapping[str, Any]) -> list[str]:
    """The jobs ``job`` needs (its ``needs:``, one name or a list)."""
    value = job.get("needs", [])
    return [value] if isinstance(value, str) else list(value)


def _status(runs: list[JobRun]) -> str:
    """A matrix job's status: failure if any entry failed, skipped if all were."""
    statuses = {run.status for run in runs}
    return "failure" if "failure" in statuses else "skipped" if statuses == {"skipped"} else "success"


def _check_matrix(name: str, job: Mapping[str, Any], matrix: Mapping[str, str]) -> None:
    """``matrix`` must be one of the job's matrix entries (the product of its lists)."""
    axes = job.get("strategy", {}).get("matrix", {})
    if set(axes) & {"include", "exclude"}:
        raise Unsupported(f"{name}: a matrix with include or exclude")
    entries = [dict(zip(axes, values, strict=True)) for values in itertools.product(*axes.values())]
    if dict(matrix) not in entries:
        raise Unsupported(f"{name}: {dict(matrix)} is not one of its matrix entries {entries}")


def _text(value: Any) -> str:
    """A YAML value as the workflow's text: true is "true"."""
    return str(value).lower() if isinstance(value, bool) else str(value)


def _strings(env: Mapping[str, Any] | None, context: Context) -> dict[str, str]:
    """An ``env:`` or ``with:`` mapping as strings, its expressions evaluated."""
    return {key: context.expand(_text(value)) for key, value in (env or {}).items()}


class Context:
    """One job as it runs: what its expressions read, its PATH and env additions, its files."""

    def __init__(self, run: Run, entry: Entry, folder: Path) -> None:
        self.run, self.entry, self.folder = run, entry, folder
        self.workspace, self.temp = folder / "workspace", folder / "temp"
        self.outputs: dict[str, dict[str, str]] = {}  # by step id
        self.path: list[str] = []  # folders added to PATH, the latest first
        self.added: dict[str, str] = {}  # variables set through $GITHUB_ENV
        self.groups: list[int] = []  # the process group of each step run
        # The job's TMPDIR: its own (a pytest it runs must not prune this one's temporary
        # folders), and short, for the Unix sockets made in it (Chromium's: 107 bytes at most).
        self.tmpdir = Path(tempfile.mkdtemp(prefix="job-"))

    @contextlib.contextmanager
    def cleaning_up(self) -> Iterator[None]:
        """At the job's end, however it ends, kill what its steps left running (as a runner's
        "Cleaning up orphan processes"): no process of a job outlives it, not even an interrupted one."""
        try:
            yield
        finally:
            for group in self.groups:
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.killpg(group, signal.SIGKILL)
            shutil.rmtree(self.tmpdir, ignore_errors=True)

    # -- expressions --------------------------------------------------------------------
    def value(self, expression: str) -> str:
        """The value of a context variable the workflows use; Unsupported for anything else."""
        match expression.split("."):
            case ["matrix", key] if key in self.entry.matrix:
                return str(self.entry.matrix[key])
            case ["steps", step, "outputs", key] if step in self.outputs:
                return self.outputs[step].get(key, "")  # an output never set is empty, as on GitHub
            case ["github", key] if key in self.run.github:
                return self.run.github[key]
            case ["runner", "os"]:
                return "Linux"
        raise Unsupported(f"${{{{ {expression} }}}}: an expression the stand-in does not know")

    def expand(self, text: str) -> str:
        return EXPRESSION.sub(lambda found: self.value(found[1]), str(text))

    def condition(self, text: str, status: str) -> bool:
        """An ``if:``: a status function (always(), !cancelled(), success(), failure()), or a comparison
        of a value with a quoted string (== or !=, ignoring case), which holds only while all succeeds."""
        expression = EXPRESSION.fullmatch(text.strip())
        expression_text = expression[1] if expression else text.strip()
        statuses = {"always()": True, "!cancelled()": True, "cancelled()": False}
        statuses |= {"success()": status == "success", "failure()": status == "failure"}
        if expression_text in statuses:
            return statuses[expression_text]
        compared = re.fullmatch(r"([\w.-]+)\s*(==|!=)\s*'([^']*)'", expression_text)
        if not compared:
            raise Unsupported(f"if: {text}: a condition the stand-in does not know")
        equal = self.value(compared[1]).lower() == compared[3].lower()
        return status == "success" and equal == (compared[2] == "==")

    # -- steps --------------------------------------------------------------------------
    def environment(self, env: Mapping[str, str]) -> dict[str, str]:
        """A step's environment: the runner's, then the workflow's, job's and step's, then the entry's."""
        # this process's PATH, but pyenv's folders and any venv's (a runner has neither)
        base = [p for p in os.environ.get("PATH", os.defpath).split(os.pathsep) if p and not _hidden(p)]
        runner = {name: os.environ[name] for name in KEPT if name in os.environ}
        runner |= {
            "CI": "true",
            "GITHUB_ACTIONS": "true",
            "GITHUB_WORKSPACE": str(self.workspace),
            "GITHUB_SHA": self.run.sha,
            "GITHUB_REF": "refs/heads/main",
            "GITHUB_REF_NAME": "main",
            "GITHUB_SERVER_URL": self.run.github["server_url"],
            "GITHUB_REPOSITORY": self.run.github["repository"],
            "GITHUB_RUN_ID": "1",
            "GITHUB_RUN_ATTEMPT": "1",
            "GITHUB_STEP_SUMMARY": str(self.folder / "summary.md"),
            "GITHUB_OUTPUT": str(self.temp / "output"),
            "GITHUB_ENV": str(self.temp / "env"),
            "GITHUB_PATH": str(self.temp / "path"),
            "RUNNER_OS": "Linux",
            "RUNNER_ARCH": ARCH.upper(),
            "RUNNER_TEMP": str(self.temp),
            "TMPDIR": str(self.tmpdir),
            "RUNNER_TOOL_CACHE": str(self.folder / "tool-cache"),
            "PATH": os.pathsep.join([*self.path, *base]),
            "PYENV_ROOT": str(self.folder / "no-pyenv"),  # nor does the runner look under pyenv
        }
        return {**runner, **self.added, **env, **self.entry.env}

    def step(self, step: Mapping[str, Any], env: dict[str, str], shell: str, log: Any, deadline: float) -> str:
        """Run one step; its outcome, success or failure."""
        if "id" in step:
            self.outputs[step["id"]] = {}
        try:
            if "run" in step:
                outcome = self.command(self.expand(step["run"]), env, step.get("shell", shell), log, deadline)
                if "id" in step:
                    self.outputs[step["id"]] = _key_values((self.temp / "output").read_text(encoding="utf-8"))
                return outcome
            uses, _, _ = step["uses"].partition("@")
            if uses not in ACTIONS:
                raise Unsupported(f"uses: {step['uses']}: an action the stand-in does not know")
            action, accepted = ACTIONS[uses]
            given = _strings(step.get("with"), self)
            if set(given) - accepted:
                raise Unsupported(f"{uses}: inputs the stand-in does not know: {sorted(set(given) - accepted)}")
            outputs = action(self, given, log)
            if "id" in step:
                self.outputs[step["id"]] = outputs
            return "success"
        except StepFailed as failed:
            log.write(f"##[error]{failed}\n")
            return "failure"

    def command(self, script: str, env: dict[str, str], shell: str, log: Any, deadline: float) -> str:
        """A ``run:`` in bash, as a runner runs it: ``bash --noprofile --norc -eo pipefail`` with ``shell:
        bash``, ``bash -e`` without a shell named; confined to the entry's CPUs, in a session of its own."""
        if shell not in ("", "bash"):
            raise Unsupported(f"shell: {shell}: only bash is known here")
        for name in ("output", "env", "path"):
            (self.temp / name).write_text("", encoding="utf-8")
        file = self.temp / "step.sh"
        file.write_text(script, encoding="utf-8")
        flags = ["--noprofile", "--norc", "-eo", "pipefail"] if shell == "bash" else ["-e"]
        log.write(f"$ {script}\n")
        log.flush()
        cpus = self.entry.cpus
        process = subprocess.Popen(
            ["bash", *flags, str(file)],
            cwd=self.workspace,
            env=self.environment(env),
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            preexec_fn=(lambda: os.sched_setaffinity(0, cpus)) if cpus else None,
            start_new_session=True,  # a process group of its own, killed at a timeout or the job's end
        )
        self.groups.append(process.pid)
        try:
            code = process.wait(timeout=max(deadline - time.monotonic(), 0))
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            log.write("##[error]The job has exceeded its maximum execution time\n")
            return "failure"
        self.written()
        if code:
            log.write(f"##[error]Process completed with exit code {code}.\n")
        return "failure" if code else "success"

    def written(self) -> None:
        """What the step wrote to $GITHUB_ENV and $GITHUB_PATH, for the steps after it."""
        self.added |= _key_values((self.temp / "env").read_text(encoding="utf-8"))
        added = (self.temp / "path").read_text(encoding="utf-8").split()
        self.path = [*reversed(added), *self.path]


def _hidden(folder: str) -> bool:
    """A folder of PATH the jobs do not see: a venv's, or pyenv's."""
    real = os.path.realpath(folder)
    return (Path(folder).parent / "pyvenv.cfg").is_file() or real == PYENV or real.startswith(PYENV + os.sep)


def _key_values(text: str) -> dict[str, str]:
    """``NAME=value`` lines and ``NAME<<DELIMITER`` blocks, as $GITHUB_ENV and $GITHUB_OUTPUT hold them."""
    found, lines = {}, iter(text.splitlines())
    for line in lines:
        if "<<" in line and ("=" not in line or line.index("<<") < line.index("=")):
            name, delimiter = line.split("<<", 1)
            found[name] = "\n".join(itertools.takewhile(lambda each, end=delimiter: each != end, lines))
        elif "=" in line:
            name, value = line.split("=", 1)
            found[name] = value
    return found


# -- the actions' stand-ins ------------------------------------------------------------------
Action = Callable[[Context, dict[str, str], Any], dict[str, str]]


def snapshot(source: Path, into: Path, untracked: bool = False) -> Path:
    """The commit a run checks out: a copy of ``source``'s tracked files as they are in its working
    tree (``git ls-files``: what is committed or added, with the changes not yet committed; a file
    not added is left out, as a push would leave it, unless ``untracked``), without ``.git``.
    Taken once, so that every job checks out the same files, as every job of a run checks out
    one commit, whatever is edited meanwhile."""
    also = ["--others", "--exclude-standard"] if untracked else []
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", *also], cwd=source, capture_output=True, check=True)
    for name in filter(None, listed.stdout.decode().split("\0")):
        if (Path(source) / name).is_symlink() or (Path(source) / name).is_file():  # not deleted, not committed
            (into / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(Path(source) / name, into / name, follow_symlinks=False)
    return into


def checkout(job: Context, given: dict[str, str], log: Any) -> dict[str, str]:
    """actions/checkout: the workspace becomes a copy of the run's commit (:func:`snapshot`);
    then the entry's cache and venv, if it has them."""
    shutil.copytree(job.run.commit, job.workspace, symlinks=True, dirs_exist_ok=True)
    if job.entry.cache and job.entry.cache.is_dir():
        shutil.copytree(job.entry.cache, job.workspace / ".cache" / "measured", symlinks=True)
        log.write(f"seeded .cache/measured from {job.entry.cache}\n")
    if job.entry.venv:
        venv = job.workspace / ".venv"
        venv.mkdir()
        for part in job.entry.venv.iterdir():
            if part.name != ".installed":
                (venv / part.name).symlink_to(part)
        (venv / ".installed").touch()  # newer than the copied lock: make finds the venv current
        log.write(f".venv: {job.entry.venv}'s files, linked\n")
    return {}


def setup_python(job: Context, given: dict[str, str], log: Any) -> dict[str, str]:
    """actions/setup-python: each version listed gets an install in the tool cache,
    ``Python/<version>/<arch>[-freethreaded]/bin/``, its folder put first on PATH in the order
    listed (so the last listed is first, as the action's core.addPath does). Each install's
    ``python3.X`` is a link to a real interpreter of that version on this machine (a link, not a
    script: the cache keys name an interpreter by its resolved path, which stays this machine's);
    the last one's ``python`` and ``python3`` are scripts running the stand-in venv's python (a
    link would lose the venv). A version this machine does not have gets no install: what a
    runner shows when the action could not provide it."""
    versions = given.get("python-version", "").split()
    if not versions:
        raise Unsupported("actions/setup-python without a python-version")
    outputs: dict[str, str] = {}
    for number, version in enumerate(versions, start=1):
        last = number == len(versions)
        found = job.run.tools.interpreter(version)
        if found is None and not last:
            log.write(f"{version}: not on this machine, not installed\n")
            continue
        release = _semver(found.version) if found else f"{version.removesuffix('t')}.0"
        arch = ARCH + ("-freethreaded" if version.endswith("t") else "")
        install = job.folder / "tool-cache" / "Python" / release / arch
        (install / "bin").mkdir(parents=True, exist_ok=True)
        (install.parent / f"{arch}.complete").touch()
        if found:  # a free-threaded install has python3.14 too, linked to its python3.14t
            for name in {f"python{version}", f"python{version.removesuffix('t')}"}:
                (install / "bin" / name).symlink_to(found.run_command)
            log.write(f"{version}: {install}/bin/python{version} runs {found.run_command} ({found.label})\n")
        if last:
            python = str(job.run.tools.venv / "bin" / "python")
            for name in ("python", "python3"):
                _wrapper(install / "bin" / name, python)
            log.write(f"{version}: {install}/bin/python runs {python}, the stand-in venv's\n")
            outputs = {"python-version": release, "python-path": str(install / "bin" / "python")}
        job.path.insert(0, str(install / "bin"))
    return outputs


def _semver(version: str) -> str:
    """setup-python's folder for a Python version: 3.15.0a2 is 3.15.0-alpha.2."""
    found = re.fullmatch(r"(\d+\.\d+\.\d+)(?:(a|b|rc)(\d+))?", version)
    if not found or not found[2]:
        return version
    stage = {"a": "alpha", "b": "beta", "rc": "rc"}[found[2]]
    return f"{found[1]}-{stage}.{found[3]}"


def _wrapper(path: Path, command: str) -> None:
    path.write_text(f'#!/bin/sh\nexec {command} "$@"\n', encoding="utf-8")
    path.chmod(0o755)


def upload_artifact(job: Context, given: dict[str, str], log: Any) -> dict[str, str]:
    """actions/upload-artifact: the files of ``path`` (lines of paths or globs, hidden files left
    out unless asked) into ``artifacts/<name>/``, relative to the paths' common folder."""
    name = given.get("name", "artifact")
    target = job.run.artifacts / name
    if target.exists() and given.get("overwrite", "false") != "true":
        raise StepFailed(f"an artifact named {name} already exists (overwrite: false)")
    roots, files = [], []
    for pattern in given.get("path", "").split("\n"):
        if pattern.strip():
            static = re.split(r"[*?\[]", pattern.strip())[0]
            roots.append(job.workspace / static if static else job.workspace)
            for match in glob.glob(str(job.workspace / pattern.strip()), recursive=True):
                files += [Path(match)] if Path(match).is_file() else [p for p in Path(match).rglob("*") if p.is_file()]
    if roots and len(roots) == 1:
        root = roots[0] if roots[0].is_dir() else roots[0].parent
    else:
        root = Path(os.path.commonpath(roots)) if roots else job.workspace
    hidden = given.get("include-hidden-files", "false") == "true"
    files = [f for f in files if hidden or not any(part.startswith(".") for part in f.relative_to(root).parts)]
    if not files:
        policy = given.get("if-no-files-found", "warn")
        message = f"No files were found with the provided path: {given.get('path')}. No artifacts will be uploaded."
        if policy == "error":
            raise StepFailed(message)
        log.write(f"{'##[warning]' if policy == 'warn' else ''}{message}\n")
        return {}
    shutil.rmtree(target, ignore_errors=True)
    for file in files:
        (target / file.relative_to(root)).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(file, target / file.relative_to(root))
    log.write(f"artifact {name}: {len(files)} files\n")
    return {"artifact-id": name}


def download_artifact(job: Context, given: dict[str, str], log: Any) -> dict[str, str]:
    """actions/download-artifact: the artifact ``name`` into ``path``; else every artifact (matching
    ``pattern``) into ``path/<its name>/``, or all into ``path`` with ``merge-multiple``."""
    into = job.workspace / given.get("path", ".")
    present = sorted(p.name for p in job.run.artifacts.iterdir() if p.is_dir())
    if "name" in given:
        if given["name"] not in present:
            raise StepFailed(f"Artifact not found for name: {given['name']}")
        chosen, merged = [given["name"]], True
    else:
        chosen = [name for name in present if fnmatch.fnmatchcase(name, given.get("pattern", "*"))]
        merged = given.get("merge-multiple", "false") == "true"
    for name in chosen:
        shutil.copytree(job.run.artifacts / name, into if merged else into / name, dirs_exist_ok=True)
    log.write(f"Found {len(chosen)} artifact(s): {', '.join(chosen)}\n")
    return {"download-path": str(into)}


def configure_pages(job: Context, given: dict[str, str], log: Any) -> dict[str, str]:
    """actions/configure-pages: the site's address, here a made-up one."""
    return {"base_url": PAGES_URL, "origin": "https://example.invalid", "host": "example.invalid", "base_path": "/site"}


def upload_pages_artifact(job: Context, given: dict[str, str], log: Any) -> dict[str, str]:
    """actions/upload-pages-artifact: ``path`` must be a folder with an index.html; kept as an artifact."""
    site = job.workspace / given.get("path", "_site/")
    if not (site / "index.html").is_file():
        raise StepFailed(f"{given.get('path', '_site/')}: no folder with an index.html to publish")
    shutil.copytree(site, job.run.artifacts / given.get("name", "github-pages"), dirs_exist_ok=True)
    return {"artifact_id": given.get("name", "github-pages")}


def deploy_pages(job: Context, given: dict[str, str], log: Any) -> dict[str, str]:
    """actions/deploy-pages: nothing is deployed from here."""
    return {"page_url": f"{PAGES_URL}/"}


# Each action the workflows use: its stand-in, and the inputs it knows (the others are refused).
# Inputs known but without effect here: persist-credentials, retention-days.
ACTIONS: dict[str, tuple[Action, set[str]]] = {
    "actions/checkout": (checkout, {"persist-credentials"}),
    "actions/setup-python": (setup_python, {"python-version"}),
    "actions/upload-artifact": (
        upload_artifact,
        {"name", "path", "if-no-files-found", "overwrite", "retention-days", "include-hidden-files"},
    ),
    "actions/download-artifact": (download_artifact, {"name", "pattern", "path", "merge-multiple"}),
    "actions/configure-pages": (configure_pages, set()),
    "actions/upload-pages-artifact": (upload_pages_artifact, {"path", "name", "retention-days"}),
    "actions/deploy-pages": (deploy_pages, set()),
}
