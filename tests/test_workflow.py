"""The publishing workflow: valid, and running only what the README tells a user to run."""

from __future__ import annotations

import re

import yaml
from conftest import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "publish.yml"


def load():
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def test_the_workflow_is_valid_yaml_with_a_build_and_a_deploy_job():
    workflow = load()
    assert set(workflow["jobs"]) == {"build", "deploy"}
    assert workflow["jobs"]["deploy"]["needs"] == "build"
    assert True in workflow and "push" in workflow[True]  # YAML reads the key `on` as True
    for job in workflow["jobs"].values():
        for step in job["steps"]:
            assert ("uses" in step) != ("run" in step), step


def test_its_commands_are_the_readmes():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    runs = [step["run"] for step in load()["jobs"]["build"]["steps"] if "run" in step]
    assert runs, "the workflow runs nothing"
    for command in runs:
        assert command in readme, f"the workflow runs {command!r}, which the README does not show"


def test_it_measures_the_free_threaded_build_and_the_matrix():
    build = load()["jobs"]["build"]
    versions = next(s for s in build["steps"] if s.get("uses", "").startswith("actions/setup-python"))
    assert "3.14t" in versions["with"]["python-version"].split()
    configured = re.findall(r"^  - (python\S+)", (ROOT / "examples" / "measure.yml").read_text(), re.M)
    assert build["env"]["MEASURED_INTERPRETERS"].split() == configured
