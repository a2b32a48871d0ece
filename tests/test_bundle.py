"""Results as a bundle: exported, read back, imported into a cache, published with the site, read by the notebook."""

from __future__ import annotations

import csv
import dataclasses
import functools
import http.server
import io
import json
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from support import ENV, MKDOCS, ROOT, built

from measured import bundle as bundle_module
from measured import machines
from measured.__main__ import main as cli
from measured.bundle import Bundle, BundleError, export, import_bundle, machine_id
from measured.cache import measurement_to_dict
from measured.claims import Claim
from measured.interpreter import this_machine
from measured.suite import NotMeasuredYet, Suite

CLAIMS = {Claim("printed('pair/count.py', 'counted ([0-9]+)') == 3"): ["index.md:3"]}


@pytest.fixture
def measured(examples, tmp_path) -> Suite:
    """A folder of two scripts measured in two rounds, and its claim decided: a cache to export."""
    (examples / "measure.yml").write_text("defaults: {repeats: 2, warmup: 0, timeout: 20}\n")
    (examples / "pair").mkdir()
    (examples / "pair" / "count.py").write_text('print("counted 3")\n')
    (examples / "pair" / "quick.py").write_text('print("quick")\n')
    return built(Suite(examples, tmp_path / "cache", progress=lambda line: None, claims=list(CLAIMS)))


def fresh(suite: Suite, cache: Path) -> Suite:
    """Another build over the same examples and another cache, that measures nothing."""
    return Suite(suite.examples_dir, cache, progress=lambda line: None, claims=list(CLAIMS), measure=False)


def test_a_bundle_round_trips_export_import_identical_measurements(measured, tmp_path):
    exported = export(measured, CLAIMS, name="the test machine")
    text = exported.dumps()
    assert Bundle.from_dict(json.loads(text)).dumps() == text  # the JSON is the whole bundle
    (group,) = exported.groups
    assert group.folder == "pair" and [s.round for s in group.measurements[0].samples] == [1, 2]
    (kept,) = exported.verdicts
    assert kept.verdict.status == "holds" and kept.pages == ["index.md:3"] and kept.read

    went = import_bundle(Bundle.from_dict(json.loads(text)), tmp_path / "empty", here=measured.machine)
    assert went == tmp_path / "empty"  # this machine's bundle: into the cache itself
    other = fresh(measured, tmp_path / "empty")
    for name in ("pair/count.py", "pair/quick.py"):
        assert measurement_to_dict(other.measurement(name)) == measurement_to_dict(measured.measurement(name))
    assert other.verdict(*CLAIMS, other.default) == kept.verdict


def test_a_bundle_from_the_same_machine_replaces_the_entry_under_its_key(measured, tmp_path):
    first = export(measured, CLAIMS)
    later = Bundle.from_dict(json.loads(first.dumps()))
    sample = later.groups[0].measurements[0].samples[0]
    sample.run = dataclasses.replace(sample.run, stdout="counted 3, again\n")
    import_bundle(first, tmp_path / "cache2", here=measured.machine)
    import_bundle(later, tmp_path / "cache2", here=measured.machine)
    assert (
        fresh(measured, tmp_path / "cache2").measurement("pair/count.py").samples[0].run.stdout == "counted 3, again\n"
    )


def test_another_machines_bundle_is_kept_apart_and_never_read_as_this_machines(measured, tmp_path):
    exported = export(measured, CLAIMS)
    elsewhere = dataclasses.replace(measured.machine, cpu_model="Apple M9", usable_cores=3, logical_cpus=3)
    went = import_bundle(exported, tmp_path / "cache2", here=elsewhere)  # imported on a machine it is not
    assert went == tmp_path / "cache2" / "machines" / exported.machine.id
    with pytest.raises(NotMeasuredYet):  # same interpreter, same scripts: still not this machine's result
        fresh(measured, tmp_path / "cache2").measurement("pair/count.py")
    (machine,) = machines.imported(measured.examples_dir, tmp_path / "cache2", list(CLAIMS))  # as a build reads it
    assert machine.card == exported.machine and machine.card.id == machine_id(measured.machine)
    (group,) = exported.groups
    read = machine.suite.group(group.folder, machine.suite.default)
    assert [measurement_to_dict(m) for m in read.values()] == [measurement_to_dict(m) for m in group.measurements]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"version": 3}, "bundle format version 3 is not one this runner reads (it reads version 2)"),
        ({"version": 1}, "bundle format version 1 is not one this runner reads (it reads version 2)"),
        ({"format": "pyperf"}, "not a bundle of results (format 'pyperf'"),
        ({"colour": "red"}, "the bundle: unknown field 'colour'"),
        (
            {"machine": {"id": "0", "name": "x", "card": {"cpu_model": "x"}}},
            "machine.card: missing field 'logical_cpus'",
        ),
        ({"groups": [{}]}, "groups[0]: missing field 'folder'"),
        ({"verdicts": [1]}, "verdicts[0]: 1 is not an object"),
    ],
    ids=["newer version", "older version", "another format", "unknown field", "broken card", "empty group", "junk"],
)
def test_a_bundle_it_does_not_understand_is_refused_with_a_clear_message(measured, tmp_path, change, message):
    data = {**export(measured, CLAIMS).to_dict(), **change}
    with pytest.raises(BundleError, match=r"^results\.json: ") as refused:
        Bundle.from_dict(data, "results.json")
    assert message in str(refused.value)


def test_import_refuses_every_bundle_if_one_is_unreadable_and_says_which(measured, tmp_path, capsys):
    good = tmp_path / "good"
    export(measured, CLAIMS).write(good)
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "results.json").write_text(json.dumps({**json.loads((good / "results.json").read_text()), "version": 9}))
    assert cli(["import", str(good), str(bad), "--cache", str(tmp_path / "cache2")]) == 2
    (line,) = capsys.readouterr().err.splitlines()
    assert f"{bad / 'results.json'}: bundle format version 9 is not one" in line
    assert not (tmp_path / "cache2").exists()  # nothing half imported


def test_the_csv_has_one_row_per_run_with_the_documented_columns(measured, tmp_path):
    exported = export(measured, CLAIMS)
    _, written = exported.write(tmp_path / "out")
    rows = list(csv.DictReader(io.StringIO(written.read_text(encoding="utf-8"))))
    runs = sum(len(m.samples) for g in exported.groups for m in g.measurements)
    assert len(rows) == runs == 4  # two scripts, two rounds
    assert tuple(rows[0]) == bundle_module.CSV_COLUMNS
    assert written.stat().st_mode & 0o044 == 0o044  # readable by whoever serves the site
    assert {(row["example"], row["round"]) for row in rows} == {
        (name, r) for name in ("pair/count.py", "pair/quick.py") for r in ("1", "2")
    }
    first = exported.groups[0].measurements[0].samples[0].run
    assert float(rows[0]["wall_s"]) == first.wall and rows[0]["launcher"] == first.launcher
    documented = (ROOT / "docs" / "methodology.md").read_text(encoding="utf-8")
    assert all(f"`{column}`" in documented for column in bundle_module.CSV_COLUMNS)


def test_the_format_is_documented_with_its_version(measured):
    documented = (ROOT / "docs" / "methodology.md").read_text(encoding="utf-8")
    assert f"version {bundle_module.VERSION}" in documented.lower()
    fields = export(measured, CLAIMS).to_dict()
    assert all(f"`{name}`" in documented for name in fields)


def test_the_export_command_writes_both_files_and_says_how_big(measured, tmp_path, capsys):
    examples, cache = measured.examples_dir, measured.cache.folder
    assert cli(["export", str(tmp_path / "out"), "--examples", str(examples), "--cache", str(cache)]) == 0
    printed = capsys.readouterr().out
    assert "1 groups, 4 runs" in printed and "results.json (" in printed and "results.csv (" in printed
    assert Bundle.load(tmp_path / "out").machine.id == machine_id(this_machine())


def notebook_loader(results: str) -> str:
    """The notebook's first code cell, reading ``results``."""
    cells = json.loads((ROOT / "docs" / "lab_notebook.ipynb").read_text(encoding="utf-8"))["cells"]
    code = "".join(next(cell for cell in cells if cell["cell_type"] == "code")["source"])
    assert 'RESULTS = ""' in code
    return code.replace('RESULTS = ""', f"RESULTS = {results!r}", 1)


def test_the_notebook_reads_a_bundle_from_a_file_or_an_address_with_only_the_standard_library(measured, tmp_path):
    export(measured, CLAIMS, name="probe machine").write(tmp_path / "data")
    local = notebook_loader(str(tmp_path / "data" / "results.json"))
    done = subprocess.run([sys.executable, "-I", "-c", local], capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "machine:  probe machine" in done.stdout and "pair/" in done.stdout

    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    with http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler) as server:
        threading.Thread(target=server.serve_forever, daemon=True).start()
        url = f"http://127.0.0.1:{server.server_address[1]}/data/results.json"
        done = subprocess.run([sys.executable, "-I", "-c", notebook_loader(url)], capture_output=True, text=True)
        server.shutdown()
    assert done.returncode == 0, done.stderr
    assert "machine:  probe machine" in done.stdout

    newer = json.loads((tmp_path / "data" / "results.json").read_text())
    (tmp_path / "newer.json").write_text(json.dumps({**newer, "version": 3}))
    done = subprocess.run(
        [sys.executable, "-I", "-c", notebook_loader(str(tmp_path / "newer.json"))], capture_output=True, text=True
    )
    assert done.returncode != 0 and "version 3; it reads version 2" in done.stderr


PAGE = """# Probe

{{ example("demo/hello.py") }}

Hello is quick {{ claim("wall('demo/hello.py') < 30") }}.
"""


@pytest.mark.slow  # builds a project of its own with MkDocs
def test_a_build_without_execution_renders_everything_from_an_imported_bundle(tmp_path):
    """Export from one cache, import into an empty one, build with MEASURED_EXECUTE=0."""
    from test_site import make_project

    (tmp_path / "project").mkdir()
    project = make_project(tmp_path / "project", PAGE)
    examples, measuring = project / "examples", tmp_path / "measuring-cache"
    assert cli(["demo", "--examples", str(examples), "--cache", str(measuring), "--docs", str(project / "docs")]) == 0
    options = ["--examples", str(examples), "--cache", str(measuring), "--docs", str(project / "docs")]
    assert cli(["export", str(tmp_path / "bundle"), *options]) == 0
    assert not (project / ".cache").exists()
    assert cli(["import", str(tmp_path / "bundle"), "--cache", str(project / ".cache" / "measured")]) == 0

    env = {**ENV, "MEASURED_EXECUTE": "0"}
    done = subprocess.run([*MKDOCS, "--strict"], cwd=project, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "measured demo/hello.py" not in done.stderr  # nothing was run
    html = (project / "site" / "index.html").read_text(encoding="utf-8")
    assert "hello" in html and "measured-output" in html and "MEASURED_EXECUTE=0" not in html
    assert "measured-claim--holds" in html
    published = Bundle.load(project / "site" / "data")
    assert [m.example for m in published.groups[0].measurements] == ["demo/hello.py"]
    assert published.verdicts[0].verdict.status == "holds"
    rows = list(csv.DictReader(io.StringIO((project / "site" / "data" / "results.csv").read_text())))
    assert [row["example"] for row in rows] == ["demo/hello.py"]  # one run

    # With the cache held but ignored (MEASURED_FRESH=1, the build benchmark's "plain"
    # floor), nothing is run, nothing read, nothing published, and the build still ends.
    env = {**ENV, "MEASURED_EXECUTE": "0", "MEASURED_FRESH": "1"}
    done = subprocess.run([*MKDOCS, "--strict"], cwd=project, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "measured-output" not in (project / "site" / "index.html").read_text(encoding="utf-8")
    assert Bundle.load(project / "site" / "data").groups == []
