"""A newcomer's machine: the first command finds a Python that fits or says what to install,
and `make serve` serves on a free port.

The venv step's interpreter (.ci/python, run by the Makefile) is tried with stand-ins on a
PATH of the test's making: an old ``python3`` (a script that says it is Debian 12's
3.11.2 and refuses to run anything, so that a pip run with it would show), real old
interpreters where pyenv has them, a suitable one (the interpreter running these tests),
and stand-ins for ``py`` and uv. The Makefile's own steps run in a scratch copy of the
files they read, with a suitable stand-in whose ``-m venv`` makes a venv that only notes
what it is asked: nothing is installed.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from support import ROOT

from measured.servebench import COPIED

FINDER = ROOT / ".ci" / "python"
PORT = ROOT / ".ci" / "port.py"
# the Makefile's last step of making the venv: the checkout on its path
ON_PATH = re.search(r"^ON_PATH := (.*)$", (ROOT / "Makefile").read_text(encoding="utf-8"), re.M).group(1)
OLDEST = (3, 11, 5)
# A Python that fits: the one running the tests, as installed (not through its venv).
SUITABLE = Path(sys.executable).resolve()
needs_sh = pytest.mark.skipif(os.name == "nt", reason="the venv step's finder is a POSIX shell script")
needs_make = pytest.mark.skipif(shutil.which("make") is None, reason="no make")


def old_pythons() -> list[Path]:
    """Real interpreters older than 3.11.5 among pyenv's versions, newest first (none: skipped)."""
    root = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"
    found = []
    for folder in root.glob("[0-9]*"):
        if not re.fullmatch(r"[\d.]+", folder.name):
            continue  # 3.13t, 3.14-dev, ...
        version = tuple(int(part) for part in folder.name.split(".")[:3])
        binaries = [folder / "bin" / name for name in ("python3", "python") if (folder / "bin" / name).exists()]
        if binaries and version < OLDEST:
            found.append((version, binaries[0]))
    return [binary for _, binary in sorted(found, reverse=True)]


OLD = old_pythons()
needs_old = pytest.mark.skipif(not OLD, reason="no Python older than 3.11.5 under pyenv")


def script(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    path.chmod(0o755)
    return path


def old_python3(folder: Path, log: Path) -> Path:
    """``python3`` as Debian 12 has it: asked what it is, it answers as 3.11.2 (run with its
    version set so); asked to run anything else (lock.py, venv, pip), it notes it and fails."""
    return script(
        folder / "python3",
        f"""#!/bin/sh
case "${{1:-}}" in
  -c) exec "{sys.executable}" -c "import sys; sys.version_info = (3, 11, 2, 'final', 0); exec(sys.argv.pop(1))" "$2" ;;
  -V | --version) echo "Python 3.11.2"; exit 0 ;;
esac
echo "python3 $*" >>"{log}"
echo "stand-in python3 3.11.2: would run $*" >&2
exit 1
""",
    )


def suitable(folder: Path, name: str, log: Path) -> Path:
    """A suitable interpreter under ``name``: the tests' own, but ``-m venv --clear DIR`` makes a
    venv whose python only notes what it is asked (its pip installs nothing)."""
    return script(
        folder / name,
        f"""#!/bin/sh
if [ "${{1:-}}" != -c ]; then echo "{name} $*" >>"{log}"; fi
if [ "$*" = "-m venv --clear $4" ]; then
  mkdir -p "$4/bin"
  printf '#!/bin/sh\\necho "venv python $*" >>"{log}"\\n' >"$4/bin/python"
  chmod 755 "$4/bin/python"
  exit 0
fi
exec "{SUITABLE}" "$@"
""",
    )


@pytest.fixture
def machine(tmp_path):
    """A PATH of the test's making (``bin``: its interpreters; ``tools``: sort and make, no
    Python), an empty pyenv root and home, and a log of what the stand-ins were asked to run."""
    bin_, tools = tmp_path / "bin", tmp_path / "tools"
    bin_.mkdir()
    tools.mkdir()
    for tool in ("sort", "make", "mkdir", "chmod", "touch"):
        if shutil.which(tool):
            (tools / tool).symlink_to(shutil.which(tool))
    env = {
        "PATH": f"{bin_}{os.pathsep}{tools}",
        "HOME": str(tmp_path / "home"),
        "PYENV_ROOT": str(tmp_path / "pyenv"),
        "LANG": "C.UTF-8",
    }
    return Machine(tmp_path, bin_, env, tmp_path / "asked.log")


class Machine:
    def __init__(self, folder: Path, bin_: Path, env: dict[str, str], log: Path) -> None:
        self.folder, self.bin, self.env, self.log = folder, bin_, env, log

    def link(self, name: str, target: Path) -> Path:
        (self.bin / name).symlink_to(target)
        return self.bin / name

    def pyenv(self, version: str, target: Path) -> Path:
        binary = Path(self.env["PYENV_ROOT"]) / "versions" / version / "bin" / "python3"
        binary.parent.mkdir(parents=True)
        binary.symlink_to(target)
        return binary

    def find(self, *arguments: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [str(FINDER), *arguments], env=self.env, capture_output=True, text=True, timeout=60, cwd=self.folder
        )

    def asked(self) -> list[str]:
        return self.log.read_text(encoding="utf-8").splitlines() if self.log.exists() else []

    def project(self) -> Path:
        """The files the venv step reads, copied: the Makefile, .ci/ and the requirements."""
        copy = self.folder / "project"
        if copy.exists():
            return copy
        copy.mkdir()
        for name in ("Makefile", "requirements.txt", "requirements.lock"):
            shutil.copy2(ROOT / name, copy / name)
        shutil.copytree(ROOT / ".ci", copy / ".ci")
        return copy

    def make(self, *arguments: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            ["make", "--no-print-directory", *arguments],
            cwd=self.project(),
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
        )


def chosen_line(stderr: str) -> str:
    (line,) = [line for line in stderr.splitlines() if line.startswith("python: ")]
    return line


# The finder, alone


@needs_sh
def test_an_old_python3_first_on_path_is_passed_over_for_a_suitable_one_beside_it(machine):
    old_python3(machine.bin, machine.log)
    machine.link("python3.12", SUITABLE)
    done = machine.find()
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"{machine.bin / 'python3.12'}\n"
    assert chosen_line(done.stderr).startswith("python: python3 is 3.11.2, older than 3.11.5: using python3.12 ")
    assert machine.asked() == []  # the old one was only asked what it is
    ran = machine.find("-c", "import sys; print(sys.version_info >= (3, 11, 5))")
    assert ran.stdout == "True\n"  # with arguments, it runs the one it chose


@needs_sh
def test_with_no_suitable_python_it_stops_at_once_saying_what_it_found_and_how_to_install_one(machine):
    old_python3(machine.bin, machine.log)
    done = machine.find()
    assert done.returncode == 1
    assert done.stdout == ""
    lines = done.stderr.splitlines()
    assert lines[0] == "python: no CPython 3.11.5 or later here; found python3 3.11.2"
    assert len(lines) <= 6, done.stderr  # a few lines: found, needed, the command for each OS
    for command in ("uv python install 3.13", "brew install python@3.13", "py install 3.13", "python3.13-venv"):
        assert command in done.stderr
    assert machine.asked() == []


@needs_sh
@needs_old
def test_a_real_old_python3_first_on_path_then_pyenvs_newest_suitable_version(machine):
    machine.link("python3", OLD[0])
    for old in OLD:
        name = re.search(r"versions/([^/]+)/", str(old))[1]
        machine.pyenv(name, old)
    done = machine.find()
    assert done.returncode == 1, done.stderr  # none fits: each one found, with its version
    found = done.stderr.splitlines()[0]
    for old in OLD:
        assert re.search(r"versions/([\d.]+)/", str(old))[1] in found
    machine.pyenv("3.12.99", SUITABLE)
    machine.pyenv("3.13.99", SUITABLE)  # newest first, by number (3.13 after 3.9 as text)
    done = machine.find()
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().endswith("/pyenv/versions/3.13.99/bin/python3")
    assert "using pyenv " in chosen_line(done.stderr)


@needs_sh
@needs_old
@pytest.mark.parametrize("old", OLD, ids=lambda path: path.parent.parent.name)
def test_every_old_interpreter_answers_the_question_and_is_refused_as_given(machine, old):
    """The question asked of each candidate runs on 2.7 to 3.10 as on the new ones."""
    done = machine.find("--use", str(old))
    assert done.returncode == 1
    version = old.parent.parent.name
    said = done.stderr.splitlines()[0]
    assert said == f"python: PYTHON={old} is {version}; this project needs CPython 3.11.5 or later"


@needs_sh
def test_a_given_python_is_used_as_given_but_checked(machine):
    old = old_python3(machine.bin, machine.log)
    done = machine.find("--use", str(old), "-c", "print('ran')")
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.startswith(f"python: PYTHON={old} is 3.11.2; this project needs CPython 3.11.5 or later\n")
    assert "leave PYTHON out" in done.stderr
    missing = machine.find("--use", "python3.99")
    assert missing.stderr.startswith("python: PYTHON=python3.99 does not run here;")
    done = machine.find("--use", str(SUITABLE), "-c", "print('ran')")
    assert (done.returncode, done.stdout) == (0, "ran\n")
    assert chosen_line(done.stderr).endswith(", as PYTHON says")


@needs_sh
def test_an_interpreter_that_runs_elsewhere_is_passed_over(machine):
    """.ci/interpreters' wrappers run python3.15 inside a chroot: a venv made with it would
    point at a /usr/bin/python3.15 this machine does not have."""
    script(
        machine.bin / "python3.15",
        f"""#!/bin/sh
exec "{SUITABLE}" -c "import sys; sys.executable = '/nonexistent/python3.15'; exec(sys.argv.pop(1))" "$2"
""",
    )
    machine.link("python3.12", SUITABLE)
    done = machine.find()
    assert done.stdout == f"{machine.bin / 'python3.12'}\n"
    refused = machine.find("--use", "python3.15")
    assert refused.returncode == 1
    assert "runs /nonexistent/python3.15, which is not on this machine" in refused.stderr


@needs_sh
def test_the_py_launcher_is_run_as_the_interpreter_it_starts(machine):
    old_python3(machine.bin, machine.log)
    script(machine.bin / "py", f'#!/bin/sh\n[ "$1" = -3 ] && shift\nexec "{SUITABLE}" "$@"\n')
    done = machine.find()
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"{SUITABLE}\n"
    assert "using py " in chosen_line(done.stderr)


def fake_uv(machine: Machine, behaviour: str) -> None:
    """uv that has a suitable Python (installed), gets one (downloads) or cannot (offline)."""
    marker = machine.folder / "uv-installed"
    if behaviour == "installed":
        marker.touch()
    install = f'touch "{marker}"' if behaviour == "downloads" else 'echo "error: dns error" >&2; exit 1'
    script(
        machine.bin / "uv",
        f"""#!/bin/sh
echo "uv $*" >>"{machine.log}"
case "$1 $2" in
  "python find") [ -e "{marker}" ] && echo "{SUITABLE}" && exit 0; exit 2 ;;
  "python install") {install} ;;
esac
""",
    )


@needs_sh
@pytest.mark.parametrize("behaviour", ["installed", "downloads", "offline"])
def test_uv_finds_or_installs_one_never_a_venv(machine, behaviour):
    old_python3(machine.bin, machine.log)
    fake_uv(machine, behaviour)
    done = machine.find()
    finds = [line for line in machine.asked() if line.startswith("uv python find")]
    assert finds and all(line == "uv python find --system >=3.11.5" for line in finds)
    if behaviour == "offline":
        assert done.returncode == 1
        assert "uv could not install one (offline?)" in done.stderr
        return
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"{SUITABLE}\n"
    installs = [line for line in machine.asked() if line.startswith("uv python install")]
    assert installs == ([] if behaviour == "installed" else ["uv python install >=3.11.5"])


def test_the_finder_asks_for_the_version_the_lock_is_resolved_for():
    oldest = re.search(r'OLDEST_PYTHON = "([\d.]+)"', (ROOT / ".ci" / "lock.py").read_text(encoding="utf-8"))[1]
    finder = FINDER.read_text(encoding="utf-8")
    assert f"NEED={oldest} " in finder
    assert f"v >= ({oldest.replace('.', ', ')})" in finder


# The Makefile's venv step


@needs_sh
@needs_make
def test_the_venv_step_stops_before_pip_when_no_python_fits(machine):
    old_python3(machine.bin, machine.log)
    done = machine.make(".venv/.installed")
    assert done.returncode != 0
    assert "python: no CPython 3.11.5 or later here; found python3 3.11.2" in done.stderr
    assert machine.asked() == []  # neither the lock's check, nor a venv, nor pip
    assert not (machine.folder / "project" / ".venv").exists()
    assert len((done.stdout + done.stderr).splitlines()) <= 8, done.stdout + done.stderr


@needs_sh
@needs_make
def test_the_venv_step_makes_the_venv_with_the_python_that_fits(machine):
    old_python3(machine.bin, machine.log)
    suitable(machine.bin, "python3.13", machine.log)
    done = machine.make(".venv/.installed")
    assert done.returncode == 0, done.stdout + done.stderr
    assert machine.asked() == [
        "python3.13 .ci/lock.py --check",
        "python3.13 -m venv --clear .venv",
        "venv python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock",
        "venv python -c " + ON_PATH,
    ]
    assert "python: python3 is 3.11.2, older than 3.11.5: using python3.13 " in done.stderr


@needs_sh
@needs_make
def test_a_python_given_to_make_is_checked_before_pip(machine):
    old = old_python3(machine.bin, machine.log)
    suitable(machine.bin, "python3.13", machine.log)
    done = machine.make(".venv/.installed", f"PYTHON={old}")
    assert done.returncode != 0
    assert f"python: PYTHON={old} is 3.11.2; this project needs CPython 3.11.5 or later" in done.stderr
    assert machine.asked() == []  # given, it is the one: python3.13 beside it is not taken instead
    given = machine.make(".venv/.installed", f"PYTHON={machine.bin / 'python3.13'}")
    assert given.returncode == 0, given.stderr
    assert machine.asked()[:2] == ["python3.13 .ci/lock.py --check", "python3.13 -m venv --clear .venv"]


# make serve on a busy port


@pytest.fixture
def taken():
    """A port another server listens on, on 127.0.0.1."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        yield server.getsockname()[1]


def free_port(port: int) -> bool:
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def test_the_port_helper_passes_over_a_port_in_use_and_says_the_address(taken):
    done = subprocess.run([sys.executable, PORT, str(taken)], capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, done.stderr
    port = int(done.stdout)
    assert port != taken and free_port(port)
    assert done.stderr == f"serve: 127.0.0.1:{taken} is in use; serving on http://127.0.0.1:{port}/\n"
    again = subprocess.run([sys.executable, PORT, str(port)], capture_output=True, text=True, timeout=30)
    assert (again.stdout, again.stderr) == (f"{port}\n", "")  # a free one is kept, quietly
    wrong = subprocess.run([sys.executable, PORT, "eighty"], capture_output=True, text=True, timeout=30)
    assert (wrong.returncode, wrong.stdout) == (2, "")
    assert wrong.stderr == "serve: PORT=eighty is not a port (1 to 65535)\n"  # no traceback


@needs_make
def test_make_serve_takes_the_next_free_port(taken):
    done = subprocess.run(
        ["make", "-n", "--no-print-directory", "-o", ".venv/.installed", "serve", f"PORT={taken}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    (line,) = [line for line in done.stdout.splitlines() if "mkdocs serve" in line]
    port = int(re.search(r"--dev-addr 127\.0\.0\.1:(\d+) ", line)[1])
    assert port != taken and free_port(port)
    assert f"serve: 127.0.0.1:{taken} is in use; serving on http://127.0.0.1:{port}/" in done.stderr


@pytest.mark.slow
@needs_sh
@needs_make
def test_make_serve_on_a_busy_port_serves_on_the_next_and_says_where(taken, tmp_path):
    """`make serve` itself, in a copy of the site, measuring nothing. Its venv is a folder of
    links to the checkout's venv's files, and make is told never to remake it (-o): a venv
    made afresh there would only remove the links, never the checkout's venv."""
    copy = tmp_path / "site"
    copy.mkdir()
    for name in (*COPIED, "Makefile", ".ci", "requirements.txt", "requirements.lock"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, copy / name)
    (copy / ".venv").mkdir()
    for part in (ROOT / ".venv").iterdir():
        if part.name != ".installed":
            (copy / ".venv" / part.name).symlink_to(part)
    (copy / ".venv" / ".installed").touch()
    log = tmp_path / "serve.log"
    with open(log, "wb") as output:
        server = subprocess.Popen(
            ["make", "--no-print-directory", "-o", ".venv/.installed", "serve", f"PORT={taken}"],
            cwd=copy,
            env={**os.environ, "MEASURED_EXECUTE": "0"},
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 120
        while not (said := re.search(r"Serving on (http://127\.0\.0\.1:(\d+)/)", log.read_text(errors="replace"))):
            assert server.poll() is None and time.monotonic() < deadline, log.read_text(errors="replace")
            time.sleep(0.5)
        address, port = said[1], int(said[2])
        assert port != taken
        assert f"serve: 127.0.0.1:{taken} is in use; serving on {address}" in log.read_text()
        with urllib.request.urlopen(address, timeout=30) as response:
            assert "</html>" in response.read().decode()
        assert "Traceback" not in log.read_text()
    finally:
        os.killpg(server.pid, signal.SIGINT)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
