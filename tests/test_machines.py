"""Other machines beside this one: imported bundles shown in tabs per machine, claims decided on each."""

from __future__ import annotations

import dataclasses
import re
import subprocess

import pytest
from support import ENV, MKDOCS
from test_site import make_project

from measured import charts
from measured.__main__ import main as cli
from measured.bundle import Bundle, MachineCard
from measured.interpreter import Interpreter, answers_to
from measured.machines import choose_first

PAGE = """# Probe

{{ machine() }}

{{ example("demo/value.py") }}

The value is small {{ claim("printed('demo/value.py', 'value ([0-9]+)') < 10") }}.
"""


WINDOWS_PYTHON = r"C:\hostedtoolcache\windows\Python\3.11.7\x64\python.exe"


def other_machine(bundle: Bundle, name: str, printed: str, windows: bool = False) -> Bundle:
    """The same bundle as if another machine (one core, called ``name``, nothing else running) had
    measured it and printed ``printed``; with ``windows``, a Windows runner, whose interpreter's
    path is no path here and whose keys therefore differ from this machine's."""
    card = MachineCard(dataclasses.replace(bundle.machine.card, usable_cores=1), name)
    for group in bundle.groups:
        if windows:
            group.interpreter = dataclasses.replace(group.interpreter, command=WINDOWS_PYTHON)
            group.key = "f" * 32  # what the Windows runner computed from that path
        for m in group.measurements:
            m.machine = card.card
            for sample in m.samples:
                sample.run = dataclasses.replace(sample.run, stdout=printed, contention=0.0)  # a quiet machine
    return dataclasses.replace(bundle, machine=card, verdicts=[])  # its verdicts are decided here, not read


def project_with_two_machines(tmp_path, printed_elsewhere: str, windows: bool = False):
    """A one-page site whose cache holds this machine's results and another machine's, imported."""
    project = make_project(tmp_path / "project", PAGE)
    config = project / "mkdocs.yml"  # content tabs, linked as the site's are
    config.write_text(config.read_text() + "  - pymdownx.tabbed: {alternate_style: true}\n")
    (project / "examples" / "demo" / "value.py").write_text('print("value 5")\n')
    # three rounds: the fewest that can call a claim false
    (project / "examples" / "measure.yml").write_text("defaults: {repeats: 3, warmup: 0, timeout: 20}\n")
    options = ["--examples", str(project / "examples"), "--docs", str(project / "docs")]
    measuring = ["--cache", str(tmp_path / "measuring")]
    assert cli(["demo", *options, *measuring]) == 0
    assert cli(["export", str(tmp_path / "here"), "--name", "this one", *options, *measuring]) == 0
    other_machine(Bundle.load(tmp_path / "here"), "other machine", printed_elsewhere, windows).write(tmp_path / "there")
    cache = project / ".cache" / "measured"
    assert cli(["import", str(tmp_path / "here"), str(tmp_path / "there"), "--cache", str(cache)]) == 0
    return project


@pytest.mark.slow  # builds a project of its own with MkDocs
def test_each_machine_shows_in_its_own_tab_with_its_card_output_and_verdict(tmp_path):
    (tmp_path / "project").mkdir()
    project = project_with_two_machines(tmp_path, "value 7\n")
    env = {**ENV, "MEASURED_EXECUTE": "0"}
    done = subprocess.run([*MKDOCS, "--strict"], cwd=project, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    html = (project / "site" / "index.html").read_text(encoding="utf-8")
    labels = re.findall(r'<label for="__tabbed_\d+_\d+">([^<]*)</label>', html)
    assert labels == ["this one", "other machine"] * 2  # the machine cards, then the example's output
    assert html.count("Machine:</strong>") == 2 and "1 usable core " in html  # the other machine's card
    assert "value 5" in html and "value 7" in html  # each machine's own output
    badges = re.findall(r'class="measured-claim measured-claim--(\w+)"[^>]*>[^<]*', html)
    assert badges == ["holds", "holds"], badges
    assert "other machine, CPython" in html  # the badge names whose verdict it is
    (chip,) = re.findall(r'<button type="button" class="measured-mark [^>]*>[^<]*</button>', html)  # one mark
    assert ">✓ 2 of 2</button>" in chip and "holds on 2 of 2 interpreters across 2 machines" in chip
    assert "other machine, CPython" in done.stderr  # and so does the build's verdict table


@pytest.mark.slow  # builds a project of its own with MkDocs
def test_a_claim_false_on_another_machine_fails_the_strict_build_naming_that_machine(tmp_path):
    (tmp_path / "project").mkdir()
    project = project_with_two_machines(tmp_path, "value 50\n")
    env = {**ENV, "MEASURED_EXECUTE": "0"}
    done = subprocess.run([*MKDOCS, "--strict"], cwd=project, env=env, capture_output=True, text=True)
    assert done.returncode != 0
    assert re.search(r"index.md:7: claim .* is contradicted on CPython [\d.]+ on other machine: 50", done.stderr)
    assert "on this one" not in done.stderr  # it holds here: only the machine it failed on is named


def test_a_scaling_chart_draws_a_line_per_machine_against_its_own_ideal():
    series = {"threads": [(1, 1.0, False), (2, 1.9, False)]}
    one = charts.scaling("Two machines", [("", series, [(1, 1.0), (2, 2.0)])])
    assert "Machine" not in one and "(" not in one.split("aria-label=")[1].split('"')[1].split(".")[0]
    two = charts.scaling(
        "Two machines",
        [
            ("all cores", series, [(1, 1.0), (2, 2.0)]),
            ("one core", {"threads": [(1, 1.0, False), (2, 1.0, False)]}, [(1, 1), (2, 1)]),
        ],
    )
    assert "<th>Machine</th>" in two
    assert "On all cores: ideal 1: 1×, 2: 2×" in two and "On one core: ideal 1: 1×, 2: 1×" in two
    assert "threads (all cores)" in two and "threads (one core)" in two  # the legend says whose each line is


def test_another_machines_interpreters_are_matched_by_their_version_and_build_not_their_file():
    probe = dict(implementation="CPython", sys_version="3.14.0", gil_enabled=True, start_method="spawn")
    probe |= dict(switch_interval=0.005, usable_cores=4, executable="x")
    windows = Interpreter(  # setup-python gives each install on Windows a python.exe only
        version="3.14.0",
        free_threaded_build=False,
        command=r"C:\hostedtoolcache\windows\Python\3.14.0\x64\python.exe",
        **probe,
    )
    linux = Interpreter(
        version="3.14.0",
        free_threaded_build=True,
        command="/opt/hostedtoolcache/Python/3.14.0/x64-freethreaded/bin/python3.14t",
        **probe,
    )
    assert [name for name in ("python3.14", "python3.14t", "python3.15") if answers_to(windows, name)] == ["python3.14"]
    assert [name for name in ("python3.14", "python3.14t", "python3.15t") if answers_to(linux, name)] == ["python3.14t"]
    assert answers_to(windows, "python") and not answers_to(linux, "pypy3")  # other names: by the file run


@pytest.mark.slow  # builds a project of its own with MkDocs
def test_a_build_that_measures_nothing_shows_the_chosen_machine_first_and_names_the_missing(tmp_path):
    """The publishing workflow's site job: every machine imported, one shown first, a failed runner named."""
    (tmp_path / "project").mkdir()
    project = project_with_two_machines(tmp_path, "value 7\n")
    expected = "other-runner, other machine"
    env = {**ENV, "MEASURED_EXECUTE": "0", "MEASURED_MACHINE": "other machine", "MEASURED_MACHINES": expected}
    done = subprocess.run([*MKDOCS, "--strict"], cwd=project, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    html = (project / "site" / "index.html").read_text(encoding="utf-8")
    assert (
        "<code>value 7</code>" in html and "<code>value 5</code>" not in html
    )  # the chosen machine's output, in place of this one's
    assert "Not in this build: other-runner</p>" in html  # expected, not imported: named, never stood in for
    assert Bundle.load(project / "site" / "data").machine.label == "other machine"

    # the machine to show first failed: the next expected one that arrived leads, and the pages say so
    env.update(MEASURED_MACHINE="first-runner", MEASURED_MACHINES="first-runner,other machine")
    done = subprocess.run([*MKDOCS, "--strict"], cwd=project, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "first-runner's results are not in this build: the pages show other machine's first" in done.stderr
    html = (project / "site" / "index.html").read_text(encoding="utf-8")
    assert "<code>value 7</code>" in html.split("<code>value 5</code>")[0]  # the other machine's tab comes first
    assert "Not in this build: first-runner</p>" in html and "The numbers on these pages are other machine's" in html


def test_the_machine_shown_first_is_the_one_asked_for_else_the_first_expected_that_arrived():
    expected = ["ubuntu-latest", "ubuntu-24.04-arm", "macos-latest", "windows-latest"]
    assert choose_first("ubuntu-latest", expected, ["ubuntu-latest", "macos-latest"]) == "ubuntu-latest"
    assert choose_first("ubuntu-latest", expected, ["windows-latest", "macos-latest"]) == "macos-latest"
    assert choose_first("ubuntu-latest", expected, ["a laptop", "windows-latest"]) == "windows-latest"
    assert choose_first("ubuntu-latest", None, ["a laptop", "windows-latest"]) == "a laptop"
    assert choose_first("ubuntu-latest", expected, []) == "ubuntu-latest"  # nothing at all: first() says so


@pytest.mark.slow  # builds a project of its own with MkDocs
def test_another_machines_results_from_other_scripts_are_left_out_and_the_page_says_so(tmp_path):
    """A bundle measured before an example changed: its numbers would describe another script."""
    (tmp_path / "project").mkdir()
    project = project_with_two_machines(tmp_path, "value 7\n")
    script = project / "examples" / "demo" / "value.py"
    script.write_text('print("value 5")  # edited since both machines measured it\n')
    # executing: this machine measures the edited script; the other's results cannot be
    done = subprocess.run([*MKDOCS, "--strict"], cwd=project, env=ENV, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    html = (project / "site" / "index.html").read_text(encoding="utf-8")
    assert "<code>value 5</code>" in html and "value 7" not in html  # this machine's new output, not the other's old
    assert "Left out of this build: results measured from other scripts" in html  # under the machine cards
    why = "other machine measured examples/demo/"
    assert html.count(why) == 2  # there, and in the other machine's tab where its output would be
    assert f"left out: {why}" in done.stderr
    other = next((project / "site" / "data").glob("*/results.json"))
    assert Bundle.load(other).groups == []  # nor is it published as this build's data


@pytest.mark.slow  # builds a project of its own with MkDocs
def test_another_machines_results_are_matched_to_this_checkout_by_their_scripts_not_their_key(tmp_path):
    """A Windows runner's key names its interpreter by a path that is none here; its scripts are this checkout's."""
    (tmp_path / "project").mkdir()
    project = project_with_two_machines(tmp_path, "value 7\n", windows=True)
    env = {**ENV, "MEASURED_EXECUTE": "0"}
    done = subprocess.run([*MKDOCS, "--strict"], cwd=project, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    html = (project / "site" / "index.html").read_text(encoding="utf-8")
    assert "<code>value 7</code>" in html and "Left out" not in html


RUNNERS = ["ubuntu-latest", "ubuntu-24.04-arm", "macos-latest", "windows-latest"]


def runner(bundle: Bundle, name: str) -> Bundle:
    """``bundle`` as the runner called ``name`` measured it: a card of its own, and its own output."""
    card = MachineCard(dataclasses.replace(bundle.machine.card, cpu_model=f"{name} CPU"), name)
    for group in bundle.groups:
        for m in group.measurements:
            m.machine = card.card
            for sample in m.samples:
                sample.run = dataclasses.replace(sample.run, stdout=f"value {RUNNERS.index(name)}\n", contention=0.0)
    return dataclasses.replace(bundle, machine=card, verdicts=[])


@pytest.mark.slow  # builds a project of its own with MkDocs
def test_any_subset_of_the_runners_publishes_led_by_the_first_that_arrived(tmp_path):
    """The site job with one, three or four of the four runners' bundles, one set without ubuntu-latest."""
    (tmp_path / "project").mkdir()
    project = project_with_two_machines(tmp_path, "value 7\n")
    measured = Bundle.load(tmp_path / "here")
    for name in RUNNERS:
        runner(Bundle.load(tmp_path / "here"), name).write(tmp_path / "bundles" / name)
    env = {**ENV, "MEASURED_EXECUTE": "0", "MEASURED_MACHINE": RUNNERS[0], "MEASURED_MACHINES": ",".join(RUNNERS)}
    for arrived, first in (
        (["macos-latest"], "macos-latest"),
        (["ubuntu-24.04-arm", "macos-latest", "windows-latest"], "ubuntu-24.04-arm"),
        (RUNNERS, "ubuntu-latest"),
    ):
        cache = tmp_path / f"cache-{len(arrived)}"
        bundles = [str(tmp_path / "bundles" / name) for name in arrived]
        assert cli(["import", *bundles, "--cache", str(cache)]) == 0
        building = {**env, "MEASURED_CACHE": str(cache)}
        done = subprocess.run([*MKDOCS, "--strict"], cwd=project, env=building, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr[-2000:]
        html = (project / "site" / "index.html").read_text(encoding="utf-8")
        labels = re.findall(r'<label for="__tabbed_\d+_\d+">([^<]*)</label>', html)
        if len(arrived) > 1:  # a tab per machine, the first one first
            assert labels[0] == first and sorted(labels[: len(arrived)]) == sorted(arrived), labels
        else:
            assert labels == []
        shown = re.findall(r"<code>value (\d)</code>", html)
        assert shown[0] == str(RUNNERS.index(first))  # the first machine's own output leads
        assert "value 5" not in shown and len(shown) == len(arrived)  # nothing of this machine's, nor stale
        left = [name for name in RUNNERS if name not in arrived]
        if left:
            assert f"Not in this build: {', '.join(left)}</p>" in html
            assert f"The numbers on these pages are {first}'s" in html
        else:
            assert "Not in this build" not in html
        assert Bundle.load(project / "site" / "data").machine.label == first
        # the claim is one mark however many machines decided it, counting them; each verdict in its popover
        chips = re.findall(r'class="measured-mark measured-mark--(\w+)"[^>]*>([^<]*)</button>', html)
        assert chips == [("holds", f"✓ {len(arrived)} of {len(arrived)}" if len(arrived) > 1 else "✓ holds")], chips
        assert html.count('class="measured-claim measured-claim--holds"') == len(arrived)
    assert measured.groups  # the bundles were made from a real measurement
