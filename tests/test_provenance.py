"""What a build records about what made it: commit, dirty tree, date, CI run, versions.

Pure tests: a scratch git repository, environments given as dicts, no MkDocs and no browser.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime
from importlib import metadata

import pytest
from support import ROOT, built

from measured import __version__, provenance, render
from measured.cache import Cache
from measured.provenance import Commit, Provenance
from measured.suite import Suite

NO_CI: dict[str, str] = {}
ACTIONS = {
    "GITHUB_SHA": "0123456789abcdef0123456789abcdef01234567",
    "GITHUB_REF_NAME": "main",
    "GITHUB_SERVER_URL": "https://github.com",
    "GITHUB_REPOSITORY": "someone/gil-measured",
    "GITHUB_RUN_ID": "4242",
    "GITHUB_RUN_ATTEMPT": "2",
}


def git(folder, *args: str) -> str:
    command = ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", *args]
    return subprocess.run(command, cwd=folder, check=True, capture_output=True, text=True).stdout.strip()


@pytest.fixture
def checkout(tmp_path):
    """A git repository with one commit, on branch trunk."""
    git(tmp_path, "init", "-q", "-b", "trunk")
    (tmp_path / "page.md").write_text("# A page\n")
    git(tmp_path, "add", "page.md")
    git(tmp_path, "commit", "-q", "-m", "first")
    return tmp_path


def test_a_clean_checkout_records_its_commit_and_branch(checkout):
    found = provenance.commit(checkout, NO_CI)
    assert found == Commit(sha=git(checkout, "rev-parse", "HEAD"), dirty=False, branch="trunk")
    assert len(found.sha) == 40 and found.short == found.sha[:7]


@pytest.mark.parametrize("change", ["edit", "new file"])
def test_a_change_not_committed_makes_the_tree_dirty(checkout, change):
    if change == "edit":
        (checkout / "page.md").write_text("# A page, edited\n")
    else:
        (checkout / "new.md").write_text("# Not committed\n")  # a new page is built too
    assert provenance.commit(checkout, NO_CI).dirty is True


def test_outside_a_checkout_there_is_no_commit_and_links_point_at_the_default_branch(tmp_path):
    assert provenance.commit(tmp_path, NO_CI) is None
    assert Provenance(built_at="2026-12-01T00:00:00Z").ref == provenance.DEFAULT_BRANCH == "main"


def test_on_github_actions_the_commit_branch_and_run_come_from_the_environment(tmp_path):
    found = provenance.gather(tmp_path, ACTIONS)
    assert found.commit == Commit(sha=ACTIONS["GITHUB_SHA"], dirty=None, branch="main")  # no checkout: dirty unknown
    assert found.ref == ACTIONS["GITHUB_SHA"]
    assert found.run.url == "https://github.com/someone/gil-measured/actions/runs/4242" and found.run.attempt == 2


def test_without_ci_there_is_no_run():
    assert provenance.ci_run(NO_CI) is None
    assert provenance.ci_run({"GITHUB_RUN_ID": "1"}) is None  # no server or repository to link to


def test_the_date_is_now_in_utc_or_source_date_epoch():
    noon = datetime(2026, 12, 1, 12, 30, 5, tzinfo=UTC)
    assert provenance.built_at(NO_CI, now=noon) == "2026-12-01T12:30:05Z"
    assert provenance.built_at({"SOURCE_DATE_EPOCH": "1800000000"}) == "2027-01-15T08:00:00Z"


def test_the_versions_are_those_installed_and_the_runners_own():
    found = provenance.versions()
    for package in ("mkdocs", "mkdocs-material", "pymdown-extensions", "mkdocs-jupyter", "matplotlib"):
        assert found[package] == metadata.version(package)
    assert found["measured"] == __version__
    assert provenance.versions(("no-such-package-here",))["no-such-package-here"] is None


def test_the_record_round_trips_through_json(checkout):
    found = provenance.gather(checkout, ACTIONS | {"GITHUB_SHA": ""})
    again = Provenance.from_dict(json.loads(json.dumps(found.to_dict())))
    assert again == found and again.commit.dirty is False and again.run.id == "4242"


def test_source_links_point_at_the_file_at_a_commit_or_a_branch():
    sha = ACTIONS["GITHUB_SHA"]
    assert (
        provenance.source_url("https://github.com/o/r/", sha, "examples/models/io threads.py")
        == f"https://github.com/o/r/blob/{sha}/examples/models/io%20threads.py"
    )
    assert provenance.source_url("https://github.com/o/r", "main", "examples/a.py").endswith("/blob/main/examples/a.py")


def test_the_footer_line_names_the_commit_and_day_and_links_to_the_page_about_the_build():
    record = Provenance(built_at="2026-12-01T23:40:00Z", commit=Commit(ACTIONS["GITHUB_SHA"], dirty=True))
    line = render.build_line(record, "../about-this-build/")
    assert '<a href="../about-this-build/">' in line
    assert "0123456 with uncommitted changes on 2026-12-01" in line
    clean = render.build_line(Provenance(built_at="2026-12-01T23:40:00Z", commit=Commit("a" * 40, dirty=False)))
    assert "Built from commit aaaaaaa on 2026-12-01" in clean and "uncommitted" not in clean and "<a" not in clean


def test_the_page_lists_commit_date_run_and_every_version():
    record = provenance.gather(ROOT, ACTIONS)
    table = render.provenance_table(record, "https://github.com/someone/gil-measured")
    assert f'href="https://github.com/someone/gil-measured/commit/{ACTIONS["GITHUB_SHA"]}"' in table
    assert record.built_at[:10] in table and "UTC" in table
    assert 'href="https://github.com/someone/gil-measured/actions/runs/4242">run 4242</a>, attempt 2' in table
    for package, version in record.versions.items():
        assert f"<td><code>{package}</code></td><td>{version}</td>" in table


def test_a_measured_result_is_stored_with_the_provenance_of_the_build_that_measured_it(examples, tmp_path):
    (examples / "measure.yml").write_text("defaults: {repeats: 1, warmup: 0, timeout: 20}\n")
    (examples / "pair").mkdir()
    (examples / "pair" / "quick.py").write_text('print("quick done")\n')
    record = provenance.gather(ROOT, ACTIONS)
    suite = built(Suite(examples, tmp_path / "cache", progress=lambda line: None, provenance=record))
    assert suite.measurement("pair/quick.py").ok
    key = suite.key("pair", suite.default)
    assert Provenance.from_dict(suite.cache.provenance(key)) == record
    assert Cache(tmp_path / "cache").load(key) is not None  # still an entry a later build reads


def test_the_runner_gathers_and_renders_it_without_mkdocs():
    code = "import sys, measured.provenance, measured.render, measured.pages; sys.exit('mkdocs' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT).returncode == 0
