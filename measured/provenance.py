"""What a build was made from: its commit, its date, its CI run, and the versions that built it.

Gathered once per build by :func:`gather`, without MkDocs: the hook passes it to the
pages (the footer line and the ``provenance()`` directive, rendered by
:mod:`measured.render`), and the suite stores it beside every result it measures
(:mod:`measured.cache`), so that a result, and a bundle of results, says which code
measured it. :meth:`Provenance.to_dict` and :meth:`Provenance.from_dict` are its JSON form.

Where each fact comes from, in order:

- the commit: ``GITHUB_SHA`` (set by GitHub Actions), else ``git rev-parse HEAD``;
  whether the tree was dirty: ``git status --porcelain`` (untracked files count,
  since a new page or example is built too), unknown without git;
- the branch: ``GITHUB_REF_NAME``, else the checked-out branch;
- the date: ``SOURCE_DATE_EPOCH`` (the reproducible-builds convention), else now;
- the CI run: ``GITHUB_SERVER_URL``, ``GITHUB_REPOSITORY``, ``GITHUB_RUN_ID`` and
  ``GITHUB_RUN_ATTEMPT``, when set;
- the versions: :mod:`importlib.metadata`, and the runner's own ``__version__``.
"""

from __future__ import annotations

import os
import platform
import subprocess
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from urllib.parse import quote

from . import __version__

# The packages that turn the pages into a site, named as on PyPI, in the order a reader would look for them.
PACKAGES = ("mkdocs", "mkdocs-material", "pymdown-extensions", "mkdocs-jupyter", "matplotlib")
RUNNER = "measured"  # the runner's own entry among the versions
DEFAULT_BRANCH = "main"  # what a source link points to when the commit is not known
GIT_TIMEOUT = 10.0


@dataclass(frozen=True)
class Commit:
    """The commit a build was made from."""

    sha: str
    """The full hash."""
    dirty: bool | None = None
    """Whether the working tree had changes not committed (None: not known, no git to ask)."""
    branch: str | None = None
    """The branch checked out, when on one."""

    @property
    def short(self) -> str:
        return self.sha[:7]


@dataclass(frozen=True)
class CiRun:
    """The CI run that made the build (GitHub Actions)."""

    id: str
    url: str
    """The run's page: ``{server}/{repository}/actions/runs/{id}``."""
    attempt: int = 1


@dataclass(frozen=True)
class Provenance:
    """Everything a build records about what made it."""

    built_at: str
    """When, in UTC: ``2026-12-01T23:40:00Z``."""
    commit: Commit | None = None
    """None: not built from a git checkout, and no CI said which commit."""
    run: CiRun | None = None
    python: str = field(default_factory=platform.python_version)
    """The version of the interpreter that ran the build."""
    versions: dict[str, str | None] = field(default_factory=dict)
    """Each package of :data:`PACKAGES` and the runner: its version, None when not installed."""

    @property
    def ref(self) -> str:
        """What links to the source point at: the commit when known, else the default branch."""
        if self.commit is None:
            return DEFAULT_BRANCH
        return self.commit.sha

    @property
    def date(self) -> str:
        """The build's day: ``2026-12-01``."""
        return self.built_at[:10]

    def to_dict(self) -> dict:
        """Plain JSON data."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping) -> Provenance:
        commit, run = data.get("commit"), data.get("run")
        return cls(
            built_at=data["built_at"],
            commit=Commit(**commit) if commit else None,
            run=CiRun(**run) if run else None,
            python=data["python"],
            versions=dict(data["versions"]),
        )


def gather(root: Path, environ: Mapping[str, str] = os.environ, now: datetime | None = None) -> Provenance:
    """The provenance of a build of the checkout at ``root``, now."""
    return Provenance(
        built_at=built_at(environ, now),
        commit=commit(root, environ),
        run=ci_run(environ),
        versions=versions(),
    )


def built_at(environ: Mapping[str, str] = os.environ, now: datetime | None = None) -> str:
    """``SOURCE_DATE_EPOCH`` when set (a reproducible build), else ``now``, in UTC, to the second."""
    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        moment = datetime.fromtimestamp(int(epoch), tz=UTC)
    else:
        moment = (now or datetime.now(UTC)).astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def commit(root: Path, environ: Mapping[str, str] = os.environ) -> Commit | None:
    """The commit checked out at ``root`` (or named by ``GITHUB_SHA``), whether its tree is dirty, its branch."""
    sha = environ.get("GITHUB_SHA") or _git(root, "rev-parse", "--verify", "HEAD")
    if not sha:
        return None
    status = _git(root, "status", "--porcelain", strip=False)
    branch = environ.get("GITHUB_REF_NAME") or _git(root, "symbolic-ref", "--short", "-q", "HEAD")
    return Commit(sha=sha, dirty=None if status is None else bool(status.strip()), branch=branch or None)


def ci_run(environ: Mapping[str, str] = os.environ) -> CiRun | None:
    """The GitHub Actions run this build is part of, if any."""
    names = ("GITHUB_RUN_ID", "GITHUB_SERVER_URL", "GITHUB_REPOSITORY")
    run_id, server, repository = (environ.get(name) for name in names)
    if not (run_id and server and repository):
        return None
    attempt = environ.get("GITHUB_RUN_ATTEMPT", "1")
    return CiRun(
        id=run_id,
        url=f"{server.rstrip('/')}/{repository}/actions/runs/{run_id}",
        attempt=int(attempt) if attempt.isdigit() else 1,
    )


def versions(packages: tuple[str, ...] = PACKAGES) -> dict[str, str | None]:
    """The installed version of each package (None when it is not installed), and the runner's."""
    found: dict[str, str | None] = {}
    for package in packages:
        try:
            found[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            found[package] = None
    found[RUNNER] = __version__
    return found


def source_url(repo_url: str, ref: str, path: str) -> str:
    """The page of a file of the repository at ``ref`` (a commit or a branch), on GitHub or GitLab."""
    return f"{repo_url.rstrip('/')}/blob/{quote(ref, safe='')}/{quote(path)}"


def commit_url(repo_url: str, sha: str) -> str:
    """The page of a commit of the repository."""
    return f"{repo_url.rstrip('/')}/commit/{quote(sha, safe='')}"


def _git(root: Path, *args: str, strip: bool = True) -> str | None:
    """What ``git args`` printed in ``root``, or None if git is missing or failed (not a checkout, say)."""
    try:
        done = subprocess.run(
            ["git", *args],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=GIT_TIMEOUT,
            stdin=subprocess.DEVNULL,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if done.returncode != 0:
        return None
    return done.stdout.strip() if strip else done.stdout
