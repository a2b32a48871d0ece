"""requirements.lock: compile it from requirements.txt (make lock), or check it was (the venv step).

The lock pins every package the build, the tests and the linters install, transitive
ones included, each with the hashes of its files on PyPI. uv resolves it once for every
platform and every CPython from the oldest the project supports (``--universal``), so
the same file installs on Linux, macOS and Windows and on 3.11.5 to 3.15; a package
that only one of them needs carries a marker (``colorama ; sys_platform == 'win32'``).

Its header records the SHA-256 of the requirements.txt it was compiled from: the venv
step refuses a lock compiled from another one (edit requirements.txt, then run
``make lock``), and tests/test_lock.py checks the pins agree.

uv is the version requirements.txt pins, taken from the venv when it has that one, or
installed once into ``.cache/uv-<version>/`` otherwise (a fresh clone, or a new pin).

    python .ci/lock.py           compile requirements.lock from requirements.txt
    python .ci/lock.py --check   exit 1, saying why, unless the lock is requirements.txt's
"""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REQUIREMENTS = ROOT / "requirements.txt"
LOCK = ROOT / "requirements.lock"
OLDEST_PYTHON = "3.11.5"  # pymdown-extensions 13 needs it; the README says so
MARK = "# compiled from requirements.txt with sha256 "


def digest(path: Path = REQUIREMENTS) -> str:
    """The SHA-256 of a file's bytes, in hex."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def recorded(lock: Path = LOCK) -> str | None:
    """The SHA-256 of the requirements.txt the lock says it was compiled from, or None."""
    if not lock.exists():
        return None
    for line in lock.read_text(encoding="utf-8").splitlines():
        if line.startswith(MARK):
            return line.removeprefix(MARK).split()[0]
    return None


def pinned(name: str) -> str:
    """The version requirements.txt pins for one package."""
    found = re.search(rf"^{re.escape(name)}==([^\s;#]+)", REQUIREMENTS.read_text(encoding="utf-8"), re.M)
    if found is None:
        sys.exit(f"requirements.txt pins no {name}")
    return found.group(1)


def uv() -> Path:
    """A uv of the version requirements.txt pins."""
    version = pinned("uv")
    scripts, exe = ("Scripts", ".exe") if sys.platform == "win32" else ("bin", "")
    own = ROOT / ".cache" / f"uv-{version}"
    for home in (ROOT / ".venv", own):
        binary = home / scripts / f"uv{exe}"
        if binary.exists():
            said = subprocess.run([binary, "--version"], capture_output=True, text=True).stdout.split()
            if said[1:2] == [version]:
                return binary
    print(f"lock: installing uv {version} into {own.relative_to(ROOT)}", flush=True)
    venv.create(own, with_pip=True, clear=True)
    subprocess.run([own / scripts / f"python{exe}", "-m", "pip", "install", "--quiet", f"uv=={version}"], check=True)
    return own / scripts / f"uv{exe}"


def compile_lock() -> None:
    """Resolve requirements.txt for every platform and CPython >= OLDEST_PYTHON, with hashes."""
    arguments = ["requirements.txt", "--universal", "--generate-hashes", "--python-version", OLDEST_PYTHON]
    scratch = LOCK.with_suffix(".new")
    subprocess.run(
        [uv(), "pip", "compile", *arguments, "--quiet", "--custom-compile-command", "make lock", "-o", scratch.name],
        cwd=ROOT,
        check=True,
    )
    lines = scratch.read_text(encoding="utf-8").splitlines(keepends=True)
    header = next(n for n, line in enumerate(lines) if not line.startswith("#"))
    lines[header:header] = [f"#    (uv pip compile {' '.join(arguments)})\n", f"{MARK}{digest()}\n"]
    scratch.write_text("".join(lines), encoding="utf-8")
    scratch.replace(LOCK)
    print(f"lock: {LOCK.name} compiled from requirements.txt (sha256 {digest()[:12]}…)")


def check(requirements: Path = REQUIREMENTS, lock: Path = LOCK) -> int:
    """0 when the lock was compiled from this requirements.txt, else 1 with the reason."""
    found = recorded(lock)
    if found == digest(requirements):
        return 0
    if found is None:
        why = f"{lock.name} is missing" if not lock.exists() else f"{lock.name} records no requirements.txt"
    else:
        why = f"{requirements.name} changed since {lock.name} was compiled"
    print(f"lock: {why}: run `make lock`, then commit both files", file=sys.stderr)
    return 1


if __name__ == "__main__":
    if sys.argv[1:] == ["--check"]:
        sys.exit(check())
    if sys.argv[1:]:
        sys.exit(__doc__)
    compile_lock()
