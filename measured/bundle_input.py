"""A bundle read as what it is: another machine's data, every field checked before it is used.

A check takes the value read from JSON and its path in the bundle
(``groups[3].measurements[0].samples[2].run.wall``) and returns what to keep, or raises
:class:`BundleError` naming that path, in one line. The data classes' annotations say
each field's type (:func:`record_of`); :data:`CHECKS` adds ranges and forms where a type
says too little; what a run printed or wrote is cut at the runner's own caps, as when
the run happens here. :mod:`measured.bundle` reads its format with these.
"""

from __future__ import annotations

import functools
import json
import math
import re
import reprlib
import types
import typing
from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields, is_dataclass
from datetime import datetime
from enum import Enum
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from .benchmark import KEPT_ROUNDS, Measurement, Sample
from .claims import Verdict
from .interpreter import Interpreter, Machine
from .launch import LAUNCHERS
from .process import DATA_CAP, DATA_SUFFIXES, OUTPUT_CAP, Run, decode, kept_text
from .provenance import CiRun, Commit, Provenance

# What a bundle read from elsewhere may hold; the runner's own caps on a script's output
# (OUTPUT_CAP, DATA_CAP) apply to its runs as when they run here.
# The largest results.json read: the site's own bundle is 0.7 MB (18 folders, 42 groups,
# 335 runs, December 2026), 7.3 MB with every script at the most rounds a cache keeps
# (KEPT_ROUNDS). Four times that leaves room for more folders and interpreters, and a
# file larger still is refused before it is parsed.
MAX_BYTES = 32 * 1024 * 1024
TEXT_CAP = 4096  # characters of any text but a run's output and a verdict's: PATH_MAX on Linux, the longest of them
LARGEST = 2**53 - 1  # the largest number: every JSON reader holds integers up to it exactly (RFC 8259, section 6)
MARKER_ROOM = 128  # bytes beyond a cap taken by the runner's "[output truncated: ...]" and a cut character


class BundleError(ValueError):
    """A bundle this runner cannot read, or cannot find."""


# Reading a bundle: each field checked as it is read, its path built on the way down
# (``groups[3].measurements[0].samples[2].run.wall``). A check takes the value read from
# JSON and its path, and returns what to keep, or raises a BundleError naming the path.
Check = Callable[[object, str], typing.Any]
_SHORT = reprlib.Repr()
_SHORT.maxstring = _SHORT.maxlong = _SHORT.maxother = 40


def shown(value: object) -> str:
    """A value in a message: its repr, on one line, cut short."""
    return _SHORT.repr(value)


def named(path: Path) -> str:
    """A path in a message, on one line."""
    return str(path) if str(path).isprintable() else ascii(str(path))


def field_path(at: str, name: str) -> str:
    """The path of field ``name`` of the object at ``at``: ``run.wall``, ``run.files['out.json']``."""
    if name.isidentifier():
        return f"{at}.{name}" if at else name
    return f"{at}[{shown(name)}]"


def _refused(at: str, value: object, expected: str) -> BundleError:
    return BundleError(f"{at}: {shown(value)} is not {expected}")


class Fields:
    """A JSON object being read: exactly the fields ``names`` (``ignored`` may be there too), each
    checked as it is taken."""

    def __init__(self, data: object, at: str, names: Iterable[str], ignored: Iterable[str] = ()) -> None:
        if not isinstance(data, dict):
            raise _refused(at, data, "an object")
        names, self.data, self.at = tuple(names), data, at
        for name in data:
            if name not in names and name not in ignored:
                raise BundleError(f"{at or 'the bundle'}: unknown field {shown(name)}")
        for name in names:
            if name not in data:
                raise BundleError(f"{at or 'the bundle'}: missing field {name!r}")

    def __call__(self, name: str, check: Check) -> typing.Any:
        return check(self.data[name], field_path(self.at, name))


def _string(value: object, at: str) -> str:
    """Any text that can be written back (no lone surrogate): what a run printed, say."""
    if not isinstance(value, str):
        raise _refused(at, value, "text")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as error:
        raise BundleError(f"{at}: not text (character {error.start:,} is a lone surrogate)") from None
    return value


def plain_text(value: object, at: str, longest: int = TEXT_CAP) -> str:
    """A text of the bundle's own (a name, a path, a version): short, and no NUL, which no path may hold."""
    text = _string(value, at)
    if len(text) > longest:
        raise BundleError(f"{at}: {len(text):,} characters, more than the {longest:,} this text may have")
    if "\0" in text:
        raise BundleError(f"{at}: {shown(text)} holds a NUL character")
    return text


def _long_text(value: object, at: str) -> str:
    """A verdict's reason or comparison, which may quote what a run printed: as long as the output kept."""
    return plain_text(value, at, OUTPUT_CAP)


def one_line(value: object, at: str) -> str:
    """A name shown on one line: no control characters, no line breaks."""
    text = plain_text(value, at)
    if re.search(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]", text):
        raise _refused(at, text, "one line of text")
    return text


def _matching(pattern: str, expected: str) -> Check:
    """A text that is all of ``pattern``."""

    def check(value: object, at: str) -> str:
        text = plain_text(value, at)
        if not re.fullmatch(pattern, text):
            raise _refused(at, text, expected)
        return text

    return check


_version = _matching(r"[0-9]+\.[0-9]+[\w.+-]*", "a version (3.14.0)")
_sha = _matching(r"[0-9a-f]{40}|[0-9a-f]{64}", "a commit's hash (40 or 64 hexadecimal digits)")


def hex_digits(digits: int) -> Check:
    return _matching(f"[0-9a-f]{{{digits}}}", f"a digest ({digits} hexadecimal digits)")


def _utc_time(value: object, at: str) -> str:
    """A moment as the runner writes it: ``2026-12-01T23:40:00Z``."""
    text = plain_text(value, at)
    try:
        datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ")
    except ValueError:
        raise _refused(at, text, "a time in UTC (2026-12-01T23:40:00Z)") from None
    return text


def _web_address(value: object, at: str) -> str:
    """An address a page links to: http or https, nothing that runs."""
    text = plain_text(value, at)
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc or re.search(r"[\s\x00-\x1f\x7f]", text):
        raise _refused(at, text, "a web address (https://...)")
    return text


def relative_path(suffixes: tuple[str, ...] = ()) -> Check:
    """A path inside a folder, as the runner writes it (``races``, ``out/timeline.json``): never out of it."""

    def check(value: object, at: str) -> str:
        text = plain_text(value, at)
        path = PurePosixPath(text)
        inside = text and not path.is_absolute() and "\\" not in text and ":" not in text  # C:x, on Windows
        if not inside or any(part in ("", ".", "..") for part in text.split("/")):
            raise _refused(at, text, "a relative path inside its folder")
        if suffixes and path.suffix not in suffixes:
            raise _refused(at, text, f"a data file ({', '.join(suffixes)})")
        return text

    return check


def _number(whole: bool, expected: str, least: float = -LARGEST, most: float = LARGEST) -> Check:
    """A number from ``least`` to ``most``: an int if ``whole``, else kept as a float (JSON may write 1 for 1.0)."""
    kinds = int if whole else (int, float)

    def check(value: object, at: str) -> int | float:
        number = isinstance(value, kinds) and not isinstance(value, bool) and value == value  # NaN is not
        if number and not -LARGEST <= value <= LARGEST:
            raise BundleError(f"{at}: {shown(value)} is beyond the largest number a bundle holds ({LARGEST})")
        if not number or not least <= value <= most:
            raise _refused(at, value, expected)
        return value if whole else float(value)

    return check


_whole = _number(True, "a whole number")
whole_count = _number(True, "a non-negative whole number", least=0)
_positive = _number(True, "a whole number, 1 or more", least=1)
_finite = _number(False, "a finite number")
_non_negative = _number(False, "a non-negative finite number", least=0)
_duration = _number(False, "a positive finite number", least=math.ulp(0.0))  # a run takes time: ratios divide by it
_share = _number(False, "a number from 0 to 1", least=0, most=1)


def _flag(value: object, at: str) -> bool:
    if not isinstance(value, bool):
        raise _refused(at, value, "true or false")
    return value


def one_of(options: tuple[str, ...] | type[Enum]) -> Check:
    """One of ``options`` (the values of an enumeration, read as its members)."""
    known = tuple(member.value for member in options) if isinstance(options, type) else options

    def check(value: object, at: str) -> object:
        if not isinstance(value, str) or value not in known:
            raise _refused(at, value, f"one of {', '.join(map(repr, known))}")
        return options(value) if isinstance(options, type) else value

    return check


def or_null(check: Check) -> Check:
    return lambda value, at: None if value is None else check(value, at)


def list_of(check: Check, kind: type = list) -> Check:
    """A list (a tuple too: :meth:`Bundle.to_dict`'s, not JSON's), each item checked; kept as ``kind``."""

    def items(value: object, at: str) -> list | tuple:
        if not isinstance(value, list | tuple):
            raise _refused(at, value, "a list")
        return kind(check(item, f"{at}[{number}]") for number, item in enumerate(value))

    return items


def mapping_of(check: Check, keys: Check = plain_text) -> Check:
    """An object used as a mapping, each key and value checked."""

    def mapping(value: object, at: str) -> dict:
        if not isinstance(value, dict):
            raise _refused(at, value, "an object")
        return {keys(name, field_path(at, name)): check(item, field_path(at, name)) for name, item in value.items()}

    return mapping


def _capped(cap: int, marked: bool) -> Check:
    """What a run printed (``marked``) or wrote, kept as the runner keeps a script's when it runs here:
    its first ``cap`` bytes, decoded as the runner decodes, and, for what it printed, the runner's
    own marker of how much there was. Text within the cap (and the room its marker takes) is kept whole."""

    def check(value: object, at: str) -> str:
        text = _string(value, at)
        data = text.encode("utf-8")
        if len(data) <= cap + MARKER_ROOM:
            return text
        if not marked:
            return decode(data[:cap])
        return kept_text(data[:cap], len(data))

    return check


def _samples(value: object, at: str) -> list[Sample]:
    """A measurement's kept runs, oldest round first: the newest KEPT_ROUNDS, as the runner keeps them."""
    samples = list_of(record_of(Sample))(value, at)
    for number in range(1, len(samples)):
        if samples[number].round <= samples[number - 1].round:
            raise BundleError(f"{at}[{number}].round: {samples[number].round} does not follow the round before it")
    return samples[-KEPT_ROUNDS:]


def measurement_of(data: object, at: str) -> Measurement:
    """One script's measurement (``summary``, derived from its runs, is not read)."""
    names = ("example", "interpreter", "machine", "samples", "measured_at", "failure")
    read = Fields(data, at, names, ignored=("summary",))
    return Measurement(
        example=read("example", plain_text),
        interpreter=read("interpreter", record_of(Interpreter)),
        machine=read("machine", record_of(Machine)),
        samples=read("samples", _samples),
        measured_at=read("measured_at", _utc_time),
        failure=read("failure", or_null(record_of(Run))),
        cached=True,
    )


# The checks of fields whose annotation says too little (a type, not a range or a form).
CHECKS: dict[tuple[type, str], Check] = {
    (Machine, "cpu_model"): one_line,
    (Machine, "system"): one_line,
    (Machine, "logical_cpus"): _positive,
    (Machine, "usable_cores"): _positive,
    (Interpreter, "version"): _version,
    (Interpreter, "usable_cores"): _positive,
    (Interpreter, "switch_interval"): _non_negative,
    (Sample, "round"): _positive,
    (Run, "wall"): _duration,
    (Run, "cpu"): _non_negative,
    (Run, "contention"): _non_negative,
    (Run, "peak_rss_kib"): whole_count,
    (Run, "stdout_bytes"): whole_count,
    (Run, "stderr_bytes"): whole_count,
    (Run, "stdout"): _capped(OUTPUT_CAP, marked=True),
    (Run, "stderr"): _capped(OUTPUT_CAP, marked=True),
    (Run, "files"): mapping_of(_capped(DATA_CAP, marked=False), keys=relative_path(DATA_SUFFIXES)),
    (Run, "launcher"): one_of(("", *LAUNCHERS)),  # "": recorded before the runner kept it
    (Provenance, "built_at"): _utc_time,
    (Commit, "sha"): _sha,
    (CiRun, "url"): _web_address,
    (CiRun, "attempt"): _positive,
    (Verdict, "support"): or_null(_share),
    (Verdict, "rounds"): whole_count,
    (Verdict, "disturbed"): whole_count,
    (Verdict, "shown"): _long_text,
    (Verdict, "reason"): _long_text,
}
SCALARS: dict[type, Check] = {str: plain_text, bool: _flag, int: _whole, float: _finite}


@functools.cache
def record_of(kind: type) -> Check:
    """The check of a data class written with ``asdict`` (a run, an interpreter, a verdict...):
    every field present, known, and checked by CHECKS or else by its annotation."""
    hints = typing.get_type_hints(kind)
    checks = {f.name: CHECKS.get((kind, f.name)) or _typed(hints[f.name]) for f in fields(kind)}

    def record(value: object, at: str) -> object:
        read = Fields(value, at, checks)
        return kind(**{name: read(name, check) for name, check in checks.items()})

    return record


def _typed(hint: object) -> Check:
    """The check of a value by its annotation: a data class, an enumeration, ``X | None``, a list,
    a tuple or a dict of them, text, a flag or a number."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if isinstance(hint, type) and is_dataclass(hint):
        return record_of(hint)
    if isinstance(hint, type) and issubclass(hint, Enum):
        return one_of(hint)
    if origin in (types.UnionType, typing.Union):
        (inner,) = [arg for arg in args if arg is not type(None)]
        return or_null(_typed(inner))
    if origin in (list, tuple):
        return list_of(_typed(args[0]), origin)
    if origin is dict:
        return mapping_of(_typed(args[1]))
    return SCALARS[hint]


@dataclass(frozen=True)
class _Literal:
    """NaN, Infinity or -Infinity in a bundle: no check accepts it, so the refusal names its field."""

    literal: str

    def __repr__(self) -> str:
        return self.literal

    @classmethod
    def seen(cls, found: list[_Literal]) -> Callable[[str], _Literal]:
        """What reads such a literal (``parse_constant``), keeping each one in ``found``."""

        def read(literal: str) -> _Literal:
            found.append(cls(literal))
            return found[-1]

        return read


def _unique(pairs: list[tuple[str, object]]) -> dict:
    """An object of JSON, refused if it names a field twice (readers disagree on which one counts)."""
    data = dict(pairs)
    if len(data) < len(pairs):
        names = [name for name, _ in pairs]
        raise ValueError(f"the field {shown(next(n for n in names if names.count(n) > 1))} is given twice")
    return data


def read_json(path: Path) -> tuple[str, object, list[_Literal]]:
    """The file's name as messages show it, its JSON, and the NaN and Infinity literals read in it
    (JSON allows none; each stands where it was read, so that the check of its field names it);
    :class:`BundleError`, one line naming the file, for a file too large, not UTF-8 or not JSON."""
    name = named(path)
    try:
        with path.open("rb") as file:
            raw = file.read(MAX_BYTES + 1)
    except (OSError, ValueError) as error:  # ValueError: a NUL in the path
        raise BundleError(f"{name}: cannot read it ({getattr(error, 'strerror', None) or error})") from None
    if len(raw) > MAX_BYTES:
        raise BundleError(f"{name}: larger than a bundle may be ({MAX_BYTES:,} bytes)")
    literals: list[_Literal] = []  # NaN, Infinity: Python reads them, JSON does not allow them
    try:
        data = json.loads(raw.decode("utf-8"), parse_constant=_Literal.seen(literals), object_pairs_hook=_unique)
    except UnicodeDecodeError as error:
        raise BundleError(f"{name}: not UTF-8 text (byte {error.start:,} cannot be read)") from None
    except RecursionError:
        raise BundleError(f"{name}: not JSON that a bundle can be (nested too deeply)") from None
    except ValueError as error:
        raise BundleError(f"{name}: not JSON ({error})") from None
    return name, data, literals
