"""Results cache: one JSON file per (group of scripts, interpreter).

An entry is keyed by the exact bytes of every script in the group, the interpreter's
identity, the measuring settings and the runner's version, so a cached result is
only ever reused for the identical files on the identical interpreter. A later
build may add rounds to an entry (when its claims are not all decided) and store it
again under the same key. Writes are
atomic (write to a temporary file, then rename); an entry that is corrupt, from
another key, or from an older schema is treated as absent and measured again.
Each entry also keeps the provenance of the build that measured it (its commit, date
and versions: :mod:`measured.provenance`), which the cache key does not include.
Charts drawn from those results are kept beside them, in ``text/``, by ``Cache.text``,
and the verdicts reached on them in ``verdicts/``, by ``Cache.keep``.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import asdict
from pathlib import Path

from filelock import FileLock

from . import __version__
from .benchmark import Measurement, Sample
from .interpreter import Interpreter, Machine
from .process import Run

SCHEMA = 3  # 3: every kept run, with its round; interpreters record the command that runs them


def group_key(files: dict[str, bytes], interpreter: Interpreter, settings: dict) -> str:
    """A digest of everything that could change the group's results."""
    return _digest({**_made_from(files, settings), "interpreter": interpreter.fingerprint})


def scripts_digest(files: dict[str, bytes], settings: dict) -> str:
    """A digest of what a group's results depend on besides the interpreter: the scripts'
    bytes, the folder's settings and the runner's version. Unlike the key, it is the same
    on every machine (the key names the interpreter by its resolved path), so another
    machine's group can be matched to this checkout by it."""
    return _digest(_made_from(files, settings))


def _made_from(files: dict[str, bytes], settings: dict) -> dict:
    files_digests = {name: hashlib.sha256(data).hexdigest() for name, data in sorted(files.items())}
    return {"runner": __version__, "schema": SCHEMA, "settings": settings, "files": files_digests}


def _digest(identity: dict) -> str:
    return hashlib.sha256(json.dumps(identity, sort_keys=True).encode()).hexdigest()[:32]


class Cache:
    """A folder of JSON entries, safe for two builds at once."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)

    def path(self, key: str) -> Path:
        return self.folder / f"{key}.json"

    def load(self, key: str) -> dict[str, Measurement] | None:
        """The group's measurements, or None if absent, corrupt or foreign."""
        try:
            entry = json.loads(self.path(key).read_text(encoding="utf-8"))
            if entry.get("schema") != SCHEMA or entry.get("key") != key:
                return None
            return {name: measurement_from_dict(data, cached=True) for name, data in entry["measurements"].items()}
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None

    def store(self, key: str, measurements: dict[str, Measurement], provenance: dict | None = None) -> None:
        """Write the entry atomically, with the provenance of the build that measured it (if given)."""
        entry = {
            "schema": SCHEMA,
            "key": key,
            "measurements": {name: measurement_to_dict(m) for name, m in measurements.items()},
        }
        if provenance is not None:
            entry["provenance"] = provenance
        write_atomically(self.path(key), json.dumps(entry, indent=1))

    def provenance(self, key: str) -> dict | None:
        """The provenance stored with an entry (:meth:`measured.provenance.Provenance.to_dict`), or None."""
        with contextlib.suppress(OSError, ValueError, AttributeError):
            entry = json.loads(self.path(key).read_text(encoding="utf-8"))
            return entry.get("provenance") if entry.get("key") == key else None
        return None

    def text(self, key: str, make: Callable[[], str]) -> str:
        """The text kept under ``key`` (a drawn chart), made and kept when absent."""
        path = self.folder / "text" / f"{key}.txt"
        with contextlib.suppress(OSError):
            return path.read_text(encoding="utf-8")
        made = make()
        write_atomically(path, made)
        return made

    def record(self, kind: str, key: str) -> dict | None:
        """The JSON record kept under ``kind/key`` by ``keep`` (e.g. a verdict), or None."""
        with contextlib.suppress(OSError, ValueError):
            return json.loads((self.folder / kind / f"{key}.json").read_text(encoding="utf-8"))
        return None

    def keep(self, kind: str, key: str, record: dict) -> None:
        """Keep ``record`` under ``kind/key``, atomically."""
        write_atomically(self.folder / kind / f"{key}.json", json.dumps(record))

    @contextlib.contextmanager
    def measuring(self) -> Iterator[None]:
        """Hold the folder's lock: two builds at once take turns measuring."""
        self.folder.mkdir(parents=True, exist_ok=True)
        with FileLock(self.folder / ".lock"):  # flock on POSIX, LockFileEx on Windows
            yield


def write_atomically(path: Path, text: str) -> None:
    """Readers see the old file or the new, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def digest(measurements: dict[str, Measurement]) -> str:
    """A fingerprint of a group's results: equal exactly when their runs are."""
    plain = [measurement_to_dict(m) for m in measurements.values()]
    return hashlib.sha256(json.dumps(plain, sort_keys=True).encode()).hexdigest()


def measurement_to_dict(measurement: Measurement) -> dict:
    """A measurement as plain JSON data: every kept run with its round (whether it was cached is not part of it)."""
    data = asdict(measurement)
    data.pop("cached")
    return data


def measurement_from_dict(data: dict, cached: bool) -> Measurement:
    """The measurement :func:`measurement_to_dict` made; ``KeyError`` or ``TypeError`` if it is not one."""
    return Measurement(
        example=data["example"],
        interpreter=Interpreter(**data["interpreter"]),
        machine=Machine(**data["machine"]),
        samples=[Sample(sample["round"], Run(**sample["run"])) for sample in data["samples"]],
        measured_at=data["measured_at"],
        failure=Run(**data["failure"]) if data["failure"] else None,
        cached=cached,
    )
