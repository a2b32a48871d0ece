"""The publishing jobs' checks and summaries: nothing silently missing, every value from a bundle escaped."""

from __future__ import annotations

import dataclasses
import os
import sys

import pytest
from support import stand_in
from test_interpreters import free_threaded_install
from test_machines import project_with_two_machines

from measured.bundle import Bundle, MachineCard
from measured.jobs import bundle_summary, cell, main, site_summary
from measured.settings import Environment, Layout


def test_an_interpreter_of_the_matrix_that_is_not_here_fails_the_check_naming_it(monkeypatch, capsys):
    monkeypatch.setenv("MEASURED_INTERPRETERS", "python3.99 python3.99t")
    assert main(["interpreters"]) == 0  # a report, unless required
    assert main(["interpreters", "--require"]) == 1
    printed = capsys.readouterr().out
    assert "python3.99   MISSING: python3.99: not installed" in printed
    assert printed.splitlines()[-1] == "not every interpreter of the matrix is here: python3.99, python3.99t"


def test_the_build_s_own_interpreter_alone_is_always_here(monkeypatch, capsys):
    monkeypatch.setenv("MEASURED_INTERPRETERS", "")
    assert main(["interpreters", "--require"]) == 0


@pytest.mark.skipif(sys.platform == "win32", reason="the stand-in interpreters are shell scripts")
def test_the_check_says_which_candidate_it_took_for_a_name_and_which_it_passed_over(tmp_path, monkeypatch, capsys):
    """A free-threaded install first on PATH has a python3.99 too: passed over, and the log says so."""
    free = free_threaded_install(tmp_path / "3.99t" / "bin", "3.99.0")
    gil = stand_in(tmp_path / "3.99" / "bin" / "python3.99", "3.99.0", free_threaded=False)
    monkeypatch.setenv("PATH", os.pathsep.join([str(free.parent), str(gil.parent)]))
    monkeypatch.setenv("PYENV_ROOT", str(tmp_path / "no-pyenv"))
    monkeypatch.setenv("MEASURED_INTERPRETERS", "python3.99 python3.99t")
    assert main(["interpreters", "--require"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        f"python3.99   CPython 3.99.0 (GIL) at {gil}",
        f"             passed over {free}: is CPython 3.99.0t (free-threaded), not python3.99",
        f"python3.99t  CPython 3.99.0t (free-threaded) at {free.parent / 'python3.99t'}",
    ]


def test_a_value_from_a_bundle_cannot_add_markup_or_rows_to_a_summary():
    hostile = "<img src=x onerror=alert(1)>|x|\n| injected | row |" + "x" * 500
    shown = cell(hostile)
    assert "<" not in shown and "\n" not in shown and "|" not in shown.replace("\\|", "")
    assert shown.endswith("…") and shown.count("x") < 200  # cut short


def test_a_measuring_job_s_summary_names_its_machine_interpreters_verdicts_and_time(tmp_path):
    (tmp_path / "project").mkdir()
    project_with_two_machines(tmp_path, "value 7\n")
    bundle = Bundle.load(tmp_path / "there")
    bundle = dataclasses.replace(bundle, machine=MachineCard(bundle.machine.card, "macos-<b>latest</b>"))
    summary = bundle_summary(bundle, ["python3.99"])
    assert "### Measured on macos-&lt;b&gt;latest&lt;/b&gt;" in summary
    assert "1 usable core" in summary and "the build's own" in summary
    assert "| python3.99 | not measured |" in summary  # a name of the matrix that nothing answered
    assert "1 group of examples, 6 runs," in summary and "**Verdicts:** none." in summary


def test_the_site_job_s_summary_names_the_machines_shown_missing_and_left_out(tmp_path):
    (tmp_path / "project").mkdir()
    project = project_with_two_machines(tmp_path, "value 7\n")
    layout = Layout(project)
    expected = ["ubuntu-latest", "other machine", "windows-latest"]
    summary = site_summary(layout, Environment(machine="ubuntu-latest", machines=expected))
    assert "- **Shown first:** other machine (ubuntu-latest's did not arrive)" in summary
    assert "- **Imported:** this one, other machine" in summary
    assert "- **Missing:** ubuntu-latest" in summary and "- **Missing:** windows-latest" in summary
    (project / "examples" / "demo" / "value.py").write_text('print("value 6")\n')  # edited since measured
    assert "- **Left out:** other machine measured examples/demo/" in site_summary(layout, Environment())
