"""The publishing workflow rehearsed: publish.yml's own jobs, run here by a stand-in for GitHub Actions.

tests/actions.py reads .github/workflows/publish.yml and runs its jobs in ``needs`` order
(measure, site, deploy), each step as the workflow says: its ``run:`` lines in bash with
the workflow's, the job's and the step's ``env:``, its ``if:`` and ``continue-on-error``,
and a stand-in for each action (tests/actions.py says what each does). Nothing here
repeats the workflow's commands: a step added, changed or removed there is rehearsed
as it is.

This machine is two of the matrix's runners, as in ``make rehearse``: the measure job
runs for ubuntu-latest on every usable core and for ubuntu-24.04-arm confined to the
first (``os.sched_setaffinity`` in each step's process: its machine card says one
usable core, so its bundle is another machine's, kept apart on import). The site job
runs on every core: ubuntu-latest's bundle has its card, so it is merged as the
building machine's own, as on a site runner with the same card. The deploy job has no
``run:`` line. A second run has the site job alone, with only ubuntu-24.04-arm's
bundle: ubuntu-latest's measure job failed.

Stand-ins and overrides, everything else being the workflow's:

- the commit the jobs check out is this checkout's tracked files as they are in the
  working tree when the test starts (changes not committed included; a file not added to
  git is left out, as a push would leave it; no ``.git``; ``GITHUB_SHA`` is HEAD's), copied
  once, so that both runs' jobs check out the same files whatever is edited meanwhile;
  each job gets a fresh copy of it;
- setup-python's tool cache has an install for each version listed that this machine
  has, its ``python3.X`` a link to the real one (pyenv's 3.12 and 3.13, the 3.14 and 3.15
  of ``make interpreters``); the free-threaded 3.14t and 3.15t are on no machine here,
  so they get none, as when the action cannot provide them. The unversioned ``python``
  and ``python3`` of the last version listed (3.15) run this checkout's ``.venv/bin/python``:
  CPython 3.11 with the lock installed, the one stand-in that is not the version it is
  named, so the measure job's own interpreter (and the runner's) is 3.11;
- the measure job runs with ``MEASURED_INTERPRETERS`` set to the GIL builds of
  examples/measure.yml that this machine has (:func:`gil_builds`): the free-threaded ones
  cannot be had here, so they are neither measured nor required. (Empty, only the build's
  own, measures in a third of the time, but the site's leading machine then has none of
  the matrix, which no runner's bundle lacks, and test_site's share of claims that hold
  falls under half.) ``MEASURED_BUDGET=0``: no extra rounds for claims left undecided.
  ``PIP_DRY_RUN=1 PIP_NO_INDEX=1``: its ``pip install`` of the lock checks that the shared
  venv has it all, without changing it or reaching PyPI;
- ubuntu-latest's checkout starts with this checkout's ``.cache/measured`` when there is
  one (a build's): the same interpreters measure it, by the same resolved paths, so its
  keys are this machine's on all cores and hold (never the one-core machine's: a key does
  not name the machine). The site job's checkout has no cache, as on GitHub;
- the site job's ``.venv`` is this checkout's venv, its files linked, with a fresh
  ``.installed``: ``make .venv/.installed PYTHON=python3.15`` finds it current and makes
  nothing (making it would take a minute, and PyPI). Its ``CHROMIUM`` (the runner's
  Google Chrome) is not here: the browser tests take the ``chromium`` on PATH.

Linux with two usable cores or more; slow (it measures every example on two machines,
then builds and tests the site twice: about 12 minutes on two busy cores, most of it
`make test-site`).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from actions import Entry, JobRun, Run, Tools, snapshot
from support import ROOT

from measured.bundle import Bundle

pytestmark = [
    pytest.mark.slow,
    pytest.mark.timeout(3600),  # the first test waits for the whole workflow, the last for a site job
    pytest.mark.skipif(
        not hasattr(os, "sched_setaffinity") or len(os.sched_getaffinity(0)) < 2,
        reason="two machines are made of this one by CPU affinity: Linux, two usable cores",
    ),
]

WORKFLOW = ".github/workflows/publish.yml"
VENV = ROOT / ".venv"
HERE, ELSEWHERE = "ubuntu-latest", "ubuntu-24.04-arm"  # all cores; the first core only
NOT_HERE = ["macos-latest", "windows-latest"]  # the matrix's other runners: not in the build


def gil_builds(tools: Tools) -> str:
    """The interpreters of examples/measure.yml this machine has, but the free-threaded builds."""
    listed = yaml.safe_load((ROOT / "examples" / "measure.yml").read_text(encoding="utf-8"))["interpreters"]
    return " ".join(n for n in listed if not n.endswith("t") and tools.interpreter(n.removeprefix("python")))


@dataclass
class Published:
    run: Run
    jobs: dict[str, list[JobRun]]

    def job(self, name: str, runner: str = "") -> JobRun:
        return next(job for job in self.jobs[name] if not runner or job.matrix.get("runner") == runner)


def head() -> str:
    return subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()


def failed(job: JobRun) -> str:
    """What to say when a job did not do as it should: its steps, then the end of its log."""
    steps = "\n".join(f"  {step.outcome:8} {step.took:6.1f} s  {step.name}" for step in job.steps)
    return f"{job.name}: {job.status}\n{steps}\n{job.log[-6000:]}"


def pages(site: Path) -> str:
    return "\n".join(page.read_text(encoding="utf-8") for page in sorted(site.rglob("index.html")))


@pytest.fixture(scope="module")
def commit(tmp_path_factory) -> tuple[Path, str]:
    """What every job checks out, and the commit it names (HEAD's)."""
    return snapshot(ROOT, tmp_path_factory.mktemp("commit")), head()


@pytest.fixture(scope="module")
def published(commit, tmp_path_factory) -> Published:
    """The whole workflow: the measure job on two runners, then the site job, then the deploy."""
    tools = Tools(VENV)
    run = Run(commit[0], WORKFLOW, tmp_path_factory.mktemp("publish"), tools, commit[1])
    measure = {
        "MEASURED_INTERPRETERS": gil_builds(tools),
        "MEASURED_BUDGET": "0",
        "PIP_DRY_RUN": "1",
        "PIP_NO_INDEX": "1",
    }
    first = frozenset(sorted(os.sched_getaffinity(0))[:1])
    plan = {
        "measure": [
            Entry({"runner": HERE}, env=measure, cache=ROOT / ".cache" / "measured"),
            Entry({"runner": ELSEWHERE}, cpus=first, env=measure),
        ],
        "site": [Entry(venv=VENV)],
    }
    jobs = run.all(plan)
    for each in jobs.values():
        for job in each:
            print(f"{job.name}: {job.status} in {job.took:.0f} s")
    return Published(run, jobs)


@pytest.fixture(scope="module")
def without_here(commit, published, tmp_path_factory) -> JobRun:
    """The site job again, with only ubuntu-24.04-arm's bundle: ubuntu-latest's measure job failed."""
    run = Run(commit[0], WORKFLOW, tmp_path_factory.mktemp("publish-without-here"), Tools(VENV), commit[1])
    shutil.copytree(published.run.artifacts / f"bundle-{ELSEWHERE}", run.artifacts / f"bundle-{ELSEWHERE}")
    job = run.job("site", Entry(venv=VENV), {"measure": "failure"})
    print(f"{job.name} (without {HERE}): {job.status} in {job.took:.0f} s")
    return job


def test_each_measure_job_measures_and_uploads_its_machines_bundle(published):
    cores = {}
    for runner in (HERE, ELSEWHERE):
        job = published.job("measure", runner)
        assert job.status == "success", failed(job)
        assert all(step.outcome == "success" for step in job.steps), failed(job)  # no claim contradicted either
        bundle = Bundle.load(published.run.artifacts / f"bundle-{runner}")
        assert bundle.machine.label == runner and bundle.groups
        cores[runner] = bundle.machine.card.usable_cores
    assert cores[ELSEWHERE] == 1 < cores[HERE]


def test_the_site_job_builds_and_tests_one_site_from_both_bundles(published):
    site = published.job("site")
    assert site.status == "success", failed(site)
    html = pages(site.workspace / "site")
    tabs = set(re.findall(r'<label for="__tabbed_\d+_\d+">([^<]*)</label>', html))
    assert {HERE, ELSEWHERE} <= tabs, sorted(tabs)
    assert f"Not in this build: {', '.join(NOT_HERE)}</p>" in html
    assert (published.run.artifacts / "github-pages" / "index.html").is_file()  # upload-pages-artifact
    assert published.job("deploy").status == "success"


def test_every_job_that_runs_a_command_writes_its_summary(published):
    for job in [*published.jobs["measure"], published.job("site")]:
        assert job.summary.strip(), f"{job.name}: nothing in $GITHUB_STEP_SUMMARY"


def test_without_ubuntu_latests_bundle_the_site_still_publishes_naming_it_not_in_this_build(without_here):
    assert without_here.status == "success", failed(without_here)
    html = pages(without_here.workspace / "site")
    missing = set(re.findall(r"Not in this build: ([^<]*)</p>", html))
    assert missing == {", ".join([HERE, *NOT_HERE])}, missing
    assert f"The numbers on these pages are {ELSEWHERE}'s." in html
