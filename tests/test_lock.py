"""requirements.lock is requirements.txt resolved: the same pins, every package hashed, every platform."""

from __future__ import annotations

import hashlib
import importlib.util
import re

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from support import ROOT

REQUIREMENTS = ROOT / "requirements.txt"
LOCK = ROOT / "requirements.lock"


def pins(text: str) -> dict[str, str]:
    """requirements.txt's pins: {name: version}."""
    found = {}
    for line in text.splitlines():
        line = line.split(" #")[0].strip()
        if line and not line.startswith("#"):
            requirement = Requirement(line)
            (specifier,) = requirement.specifier
            assert specifier.operator == "==", f"{line!r} is not a pin"
            found[canonicalize_name(requirement.name)] = specifier.version
    return found


def locked(text: str) -> dict[str, list[tuple[str, list[str]]]]:
    """The lock's entries: {name: [(version, its hashes), ...]} (a name repeats under markers)."""
    entries: dict[str, list[tuple[str, list[str]]]] = {}
    for entry in re.split(r"\n(?=[A-Za-z0-9])", text):
        head = re.match(r"([A-Za-z0-9._-]+)==([^\s;\\]+)", entry)
        if head:
            hashes = re.findall(r"--hash=(sha256:[0-9a-f]{64})", entry)
            entries.setdefault(canonicalize_name(head[1]), []).append((head[2], hashes))
    return entries


def test_the_lock_was_compiled_from_this_requirements_txt():
    """Its header records requirements.txt's SHA-256: edit one, then run `make lock`."""
    digest = hashlib.sha256(REQUIREMENTS.read_bytes()).hexdigest()
    header = [line for line in LOCK.read_text(encoding="utf-8").splitlines() if line.startswith("#")]
    assert f"# compiled from requirements.txt with sha256 {digest}" in header, "requirements.txt changed: make lock"


def test_every_pin_of_requirements_txt_is_in_the_lock_at_its_version_alone():
    lock = locked(LOCK.read_text(encoding="utf-8"))
    for name, version in pins(REQUIREMENTS.read_text(encoding="utf-8")).items():
        assert name in lock, f"{name} is pinned in requirements.txt but not in the lock"
        versions = {v for v, _ in lock[name]}
        assert versions == {version}, f"{name}: requirements.txt pins {version}, the lock {sorted(versions)}"


def test_every_locked_package_carries_hashes():
    lock = locked(LOCK.read_text(encoding="utf-8"))
    assert len(lock) > 50, "the lock holds the transitive dependencies too"
    for name, entries in lock.items():
        for version, hashes in entries:
            assert hashes, f"{name}=={version} has no hash (pip --require-hashes would refuse the lock)"


def test_the_lock_is_resolved_for_every_platform_and_the_oldest_python():
    """uv's universal resolution: one file for Linux, macOS and Windows and every CPython
    from the oldest the README names; packages only one platform needs carry a marker."""
    text = LOCK.read_text(encoding="utf-8")
    header = "\n".join(line for line in text.splitlines() if line.startswith("#"))
    assert "--universal" in header and "--generate-hashes" in header
    oldest = re.search(r"--python-version (\S+)\)", header)[1]
    assert f"Python {oldest} or later" in (ROOT / "README.md").read_text(encoding="utf-8")
    assert re.search(r"^appnope==\S+ ; sys_platform == 'darwin'", text, re.M), "a macOS-only package, marked"


def load_lock_script():
    spec = importlib.util.spec_from_file_location("lock", ROOT / ".ci" / "lock.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_venv_step_refuses_a_lock_compiled_from_another_requirements_txt(tmp_path, capsys):
    script = load_lock_script()
    requirements, lock = tmp_path / "requirements.txt", tmp_path / "requirements.lock"
    requirements.write_bytes(REQUIREMENTS.read_bytes())
    lock.write_bytes(LOCK.read_bytes())
    assert script.check(requirements, lock) == 0
    requirements.write_text(REQUIREMENTS.read_text(encoding="utf-8") + "requests==2.0.0\n", encoding="utf-8")
    assert script.check(requirements, lock) == 1
    assert "requirements.txt changed since requirements.lock was compiled: run `make lock`" in capsys.readouterr().err
    lock.unlink()
    assert script.check(requirements, lock) == 1
    assert "requirements.lock is missing" in capsys.readouterr().err
