"""What an interpreter is, found by running it; missing and free-threaded ones."""

from __future__ import annotations

import dataclasses
import glob
import os
import platform
import re
import shutil
import subprocess
import sys

import pytest
from support import stand_in

from measured import render
from measured.interpreter import Interpreter, Missing, candidates, detect, find, search, tool_cache
from measured.process import run_script
from measured.suite import Suite

# Every CPython 3.8+ that pyenv has here (none on a machine without pyenv).
PYENV = [
    path
    for path in sorted(glob.glob(os.path.expanduser("~/.pyenv/versions/3.*/bin/python3.*")))
    if re.fullmatch(r"python3\.([89]|1\d)", os.path.basename(path))
]


@pytest.mark.parametrize("executable", [sys.executable, *PYENV])
def test_every_interpreter_here_describes_itself(executable):
    found = detect(executable)
    assert found.implementation == "CPython"
    if executable in PYENV:
        assert found.version.startswith(os.path.basename(executable).removeprefix("python") + ".")
    assert found.switch_interval == 0.005
    assert found.usable_cores >= 1
    assert found.start_method in ("fork", "spawn", "forkserver")
    assert found.platform == sys.platform  # linux here
    assert found.start_method in found.start_methods and set(found.start_methods) <= {"fork", "spawn", "forkserver"}
    if not found.free_threaded_build:
        assert found.gil_enabled and found.build == "GIL" and not found.label.endswith("t")


def test_an_interpreter_recorded_before_its_platform_was_kept_still_loads():
    """Cached results name their interpreter as JSON: lists, and no platform in older ones."""
    recorded = {**FREE_THREADED, "start_methods": ["forkserver", "fork", "spawn"]}
    assert Interpreter(**recorded).start_methods == ("forkserver", "fork", "spawn")
    older = Interpreter(**FREE_THREADED)
    assert (older.platform, older.start_methods) == ("", ())
    assert hash(older) != hash(Interpreter(**recorded))


def test_a_missing_interpreter_is_a_value_with_a_reason():
    missing = find("python3.99t")
    assert isinstance(missing, Missing)
    assert "not installed" in missing.reason
    html = render.not_measured(missing)
    assert "python3.99t: not measured in this build" in html


def test_a_matrix_folder_lists_missing_interpreters_after_the_builds_own(examples, tmp_path, monkeypatch):
    (examples / "measure.yml").write_text("folders:\n  grid: {matrix: true}\n")
    (examples / "grid").mkdir()
    (examples / "grid" / "a.py").write_text("print(1)\n")
    monkeypatch.setenv("MEASURED_INTERPRETERS", "python3.99t")
    suite = Suite(examples, tmp_path / "cache")
    found = suite.interpreters_for("grid/a.py")
    assert found[0] == suite.default
    assert isinstance(found[1], Missing) and found[1].name == "python3.99t"
    assert suite.interpreters_for("elsewhere/b.py") == [suite.default]  # not a matrix folder


FREE_THREADED = dict(
    executable="/opt/python3.14t",
    implementation="CPython",
    version="3.14.0",
    sys_version="3.14.0 free-threading build",
    free_threaded_build=True,
    gil_enabled=False,
    start_method="forkserver",
    switch_interval=0.005,
    usable_cores=4,
)


def test_a_free_threaded_build_is_labelled_from_its_metadata():
    interpreter = Interpreter(**FREE_THREADED)
    assert interpreter.label == "CPython 3.14.0t"
    assert interpreter.build == "free-threaded"
    gil_back = dataclasses.replace(interpreter, gil_enabled=True)  # an extension re-enabled it
    assert gil_back.build == "free-threaded, GIL re-enabled"
    assert interpreter.fingerprint != gil_back.fingerprint


def test_a_free_threaded_result_renders_with_its_build(examples, tmp_path):
    suite = Suite(examples, tmp_path / "cache")
    card = render.machine_card(suite.machine, [suite.default, Interpreter(**FREE_THREADED), Missing("x", "gone")])
    assert "CPython 3.14.0t" in card and "free-threaded" in card and "GIL disabled" in card
    assert "forkserver" in card and "not measured in this build: gone" in card
    assert render.interpreter_label(Interpreter(**FREE_THREADED)) == "CPython 3.14.0t (free-threaded, forkserver)"


# Prints where it runs and whether the launcher's environment reached it.
WHERE = "import os, sys\nprint(sys.executable, os.environ.get('LAUNCHED_BY'))\n"


def launcher(path, body: str):
    """An executable bash script at ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("#!/bin/bash\n" + body + "\n")
    path.chmod(0o755)
    return path


def free_threaded_install(bin_dir, version: str):
    """What CPython's make install of a free-threaded build leaves in bin/: python3.Xt, and
    python3.X linking to it (python/cpython#119729, #122402)."""
    minor = version.rsplit(".", 1)[0]
    stand_in(bin_dir / f"python{minor}t", version, free_threaded=True)
    (bin_dir / f"python{minor}").symlink_to(f"python{minor}t")
    return bin_dir / f"python{minor}"


def test_pyenv_shims_are_passed_over_for_the_binaries_behind_them(tmp_path, monkeypatch):
    """A shim runs pyenv before the interpreter, and fails for a version not selected."""
    shim = launcher(tmp_path / "pyenv" / "shims" / "python3.99", "sleep 5; exit 127")
    binary = stand_in(tmp_path / "pyenv" / "versions" / "3.99.0" / "bin" / "python3.99", "3.99.0", False)
    monkeypatch.setenv("PYENV_ROOT", str(tmp_path / "pyenv"))
    monkeypatch.setenv("PATH", f"{shim.parent}{os.pathsep}{os.environ['PATH']}")
    assert candidates("python3.99") == [str(binary)]
    assert detect("python3.99").command == str(binary)


def test_a_launcher_that_reports_another_executable_is_the_command_that_runs(tmp_path):
    """A wrapper or shim: the interpreter's sys.executable is not the command found."""
    real = os.path.realpath(sys.executable)
    reported = tmp_path / "elsewhere" / "python3"
    reported.parent.mkdir()
    reported.symlink_to(real)
    shim = launcher(tmp_path / "bin" / "python-shim", f'LAUNCHED_BY=shim exec -a "{reported}" "{real}" "$@"')
    found = detect(str(shim))
    assert found.executable == str(reported)
    assert found.command == found.run_command == str(shim)
    assert found.fingerprint.startswith(f"{shim}|")
    (tmp_path / "where.py").write_text(WHERE)
    run = run_script(tmp_path / "where.py", found.run_command)
    assert run.ok, run.describe_failure()
    assert run.stdout == f"{reported} shim\n"  # started through the shim, on the interpreter it started


def _can_unshare() -> bool:
    if shutil.which("unshare") is None or os.geteuid() != 0:
        return False
    return subprocess.run(["unshare", "--mount", "true"], capture_output=True).returncode == 0


@pytest.mark.skipif(not _can_unshare(), reason="needs root and mount namespaces (unshare --mount)")
def test_a_launcher_whose_interpreter_lives_where_only_it_can_see_runs_an_example(tmp_path):
    """Like the Debian-root wrappers of .ci/interpreters: the reported sys.executable exists
    only inside the wrapper's own mount namespace, so the runner must start the wrapper."""
    real = os.path.realpath(sys.executable)
    private, hidden = tmp_path / "private", tmp_path / "hidden"
    private.mkdir()
    hidden.mkdir()
    (private / "python3").symlink_to(real)
    body = (
        "exec unshare --mount --propagation private -- /bin/bash -c "
        """'mount --bind "$0" "$1" && exec -a "$1/python3" "$2" "${@:3}"' """
        f'"{private}" "{hidden}" "{real}" "$@"'
    )
    wrapper = launcher(tmp_path / "bin" / "python-root", f"export LAUNCHED_BY=wrapper\n{body}")
    found = detect(str(wrapper))
    assert found.executable == str(hidden / "python3")
    assert not os.path.exists(found.executable)  # not out here
    example = tmp_path / "examples" / "where.py"
    example.parent.mkdir()
    example.write_text(WHERE)
    run = run_script(example, found.run_command)
    assert run.ok, run.describe_failure()
    assert run.stdout == f"{hidden / 'python3'} wrapper\n"


def test_a_versioned_name_is_found_in_setup_pythons_tool_cache_by_what_each_install_is(tmp_path, monkeypatch):
    """On GitHub's Windows runners an install has only python.exe (actions/setup-python#1079)."""
    here = os.path.realpath(sys.executable)  # a GIL build of this version, standing in for an install
    version = ".".join(platform.python_version_tuple()[:2])
    for install in (f"{version}.1/x64", f"{version}.12/x64", f"{version}.12/x64-freethreaded"):
        program = tmp_path / "Python" / install / "bin" / "python"
        program.parent.mkdir(parents=True)
        program.symlink_to(here)
    monkeypatch.setenv("RUNNER_TOOL_CACHE", str(tmp_path))
    monkeypatch.setenv("PATH", str(tmp_path / "nothing"))
    monkeypatch.setenv("PYENV_ROOT", str(tmp_path / "no-pyenv"))
    newest = str(tmp_path / "Python" / f"{version}.12" / "x64" / "bin" / "python")
    assert candidates(f"python{version}")[0] == newest  # 12 after 1: by number, not by text
    assert detect(f"python{version}").command == newest
    free = find(f"python{version}t")  # its install claims to be free-threaded; the probe says it is not
    assert isinstance(free, Missing) and f"not python{version}t" in free.reason
    assert tool_cache(f"python{version}", root=None) and tool_cache("pypy3") == []


@pytest.mark.skipif(sys.platform == "win32", reason="the stand-in interpreters are shell scripts")
def test_a_versioned_name_on_path_that_is_another_build_is_passed_over_saying_why(tmp_path, monkeypatch):
    """setup-python with 3.99 then 3.99t listed: the free-threaded install's bin/ is first on PATH."""
    free = free_threaded_install(tmp_path / "3.99t" / "bin", "3.99.0")
    gil = stand_in(tmp_path / "3.99" / "bin" / "python3.99", "3.99.0", free_threaded=False)
    monkeypatch.setenv("PATH", os.pathsep.join([str(free.parent), str(gil.parent)]))
    monkeypatch.setenv("PYENV_ROOT", str(tmp_path / "no-pyenv"))
    monkeypatch.delenv("RUNNER_TOOL_CACHE", raising=False)
    assert candidates("python3.99") == [str(free), str(gil)]
    found = search("python3.99")
    assert (found.found.command, found.found.free_threaded_build) == (str(gil), False)
    assert found.passed_over == (f"{free}: is CPython 3.99.0t (free-threaded), not python3.99",)
    wanted = search("python3.99t")
    assert wanted.found.free_threaded_build and wanted.passed_over == ()
    assert detect(str(free)).free_threaded_build  # a path is run as given, whatever it is called


@pytest.mark.skipif(sys.platform == "win32", reason="the stand-in interpreters are shell scripts")
def test_a_versioned_name_under_pyenv_that_is_another_build_is_passed_over_too(tmp_path, monkeypatch):
    """pyenv's 3.99.0t sorts before 3.99.1, and its bin/ has a python3.99 as well."""
    versions = tmp_path / "pyenv" / "versions"
    free = free_threaded_install(versions / "3.99.0t" / "bin", "3.99.0")
    gil = stand_in(versions / "3.99.1" / "bin" / "python3.99", "3.99.1", free_threaded=False)
    monkeypatch.setenv("PYENV_ROOT", str(tmp_path / "pyenv"))
    monkeypatch.setenv("PATH", str(tmp_path / "nothing"))
    monkeypatch.delenv("RUNNER_TOOL_CACHE", raising=False)
    assert candidates("python3.99") == [str(free), str(gil)]
    found = search("python3.99")
    assert found.found.command == str(gil)
    assert found.passed_over == (f"{free}: is CPython 3.99.0t (free-threaded), not python3.99",)
    gil.unlink()  # none left that answers to it: every reason is given
    missing = find("python3.99")
    assert isinstance(missing, Missing)
    assert missing.reason == f"{free}: is CPython 3.99.0t (free-threaded), not python3.99"
