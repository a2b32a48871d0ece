"""A bundle is input from elsewhere: imported whole, or refused in one line naming the file and the field.

A property test (Hypothesis) starts from a valid bundle of another machine, breaks it
anywhere (a field of the wrong type, a negative, NaN or huge number, a huge string, a
field removed or added, the file cut short, bytes that are not UTF-8, deep nesting,
no object at the top), writes it and imports it as the site job does: the import
either succeeds, and the build then reads the machine back and publishes it without an
exception, or it refuses the bundle with one line naming the file, leaving the cache
as it was.
"""

from __future__ import annotations

import contextlib
import copy
import io
import json
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, currently_in_test_context, event, example, given, note, settings
from hypothesis import strategies as st
from support import ROOT, built, write_files

from measured import bundle_input as bundle_module
from measured import machines
from measured.benchmark import KEPT_ROUNDS
from measured.bundle import JSON_NAME, Bundle, BundleError, Refused, export, machine_id, publish, refused
from measured.claims import Claim
from measured.interpreter import Machine
from measured.process import DATA_CAP, OUTPUT_CAP, run_script
from measured.suite import Suite

CLAIMS = {Claim("printed('pair/count.py', 'counted ([0-9]+)') == 3"): ["index.md:3"]}
SCRIPTS = {
    "pair/count.py": 'print("counted 3")\n',
    "pair/chart.py": 'import json\njson.dump({"bars": [1, 2]}, open("bars.json", "w"))\nprint("drawn")\n',
}

# Modest, and the same examples on every run: a few seconds in the fast loop.
BUNDLES = settings(
    max_examples=80,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture(scope="module")
def valid(tmp_path_factory):
    """Examples measured once, their bundle as another machine's JSON, and a cache that already holds it."""
    root = tmp_path_factory.mktemp("bundle-input")
    examples = root / "examples"
    write_files(examples, SCRIPTS)
    (examples / "measure.yml").write_text(
        "defaults: {repeats: 2, warmup: 0, timeout: 20}\ninterpreters: [python3.99]\n"
    )
    suite = built(Suite(examples, root / "measuring", progress=lambda line: None, claims=list(CLAIMS)))
    data = export(suite, CLAIMS, name="elsewhere").to_dict()
    card = {**data["machine"]["card"], "cpu_model": "A processor elsewhere"}  # another machine: kept apart
    data["machine"] = {**data["machine"], "card": card, "id": machine_id(Machine(**card))}
    for group in data["groups"]:
        for measurement in group["measurements"]:
            measurement["machine"] = card
    template = root / "template"  # a cache that holds the bundle already: a refusal must leave it as it was
    write(root / "first", json.dumps(data, indent=1).encode())
    assert imports(root / "first", template)[0] == 0
    return Valid(examples, data, template)


class Valid:
    """The module's valid bundle (shown short in Hypothesis's reports)."""

    def __init__(self, examples: Path, data: dict, template: Path) -> None:
        self.examples, self.data, self.template = examples, data, template

    def __repr__(self) -> str:
        return "<a valid bundle>"


def write(folder: Path, text: bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / JSON_NAME).write_bytes(text)
    return folder


def imports(source: Path, cache: Path, *flags: str) -> tuple[int, str, str]:
    """``python -m measured import`` in this process: its exit status, stdout and stderr."""
    from measured.__main__ import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(["import", *flags, str(source), "--cache", str(cache)])
        except SystemExit as exited:
            code = exited.code
    return code, out.getvalue(), err.getvalue()


def files(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder``, by its path there, with its bytes."""
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in folder.rglob("*") if path.is_file()}


def unreadable(path: Path) -> str:
    """Why this OS cannot read ``path``, as the refusal says it."""
    try:
        path.open("rb").close()
    except OSError as error:
        return f"{path}: cannot read it ({error.strerror})"
    raise AssertionError(f"{path} can be read")


def places(tree, at=()):
    """Every place in a JSON tree, as the keys and indices that lead to it."""
    yield at
    if isinstance(tree, dict):
        for key, value in tree.items():
            yield from places(value, (*at, key))
    elif isinstance(tree, list):
        for index, value in enumerate(tree):
            yield from places(value, (*at, index))


WRONG = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.sampled_from([-1, 0, 2**63, 10**30]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([-1.0, float("nan"), float("inf"), -float("inf"), 1e308]),
    st.text(max_size=20),
    st.sampled_from(["", "x" * 300_000, "\ud800", "../../etc/passwd", "a\x00b", "linux\n", "holds", "1.2"]),
    st.lists(st.integers(-2, 2), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(-2, 2), max_size=2),
)


@dataclass(frozen=True)
class Break:
    """One way to break a bundle: ``how``, at a place of its JSON tree (dotted, or the n-th place), with ``value``."""

    how: str
    place: str | int = 0
    value: object = None
    at: float = 0.5  # where in the file's bytes, for "cut" and "bytes"

    def __call__(self, data: dict) -> bytes:
        tree = copy.deepcopy(data)
        everywhere = list(places(tree))[1:]
        path = self.place.split(".") if isinstance(self.place, str) else everywhere[self.place % len(everywhere)]
        if currently_in_test_context():
            note(f"{self.how} at {'.'.join(map(str, path))}")
        parent = tree
        for step in path[:-1]:
            parent = parent[int(step) if isinstance(parent, list) else step]
        last = int(path[-1]) if isinstance(parent, list) else path[-1]
        if self.how == "replace":
            parent[last] = self.value
        elif self.how == "remove":
            del parent[last]
        elif self.how == "add":  # to the object or list there, else to the one it is in
            container = parent[last] if isinstance(parent[last], dict | list) else parent
            if isinstance(container, list):
                container.append(self.value)
            else:
                container["colour" if self.value is None else str(self.value)[:1000]] = self.value
        text = json.dumps(tree, indent=1).encode()
        where = int(self.at * len(text))
        if self.how == "cut":
            return text[:where]
        if self.how == "bytes":
            return text[:where] + self.value + text[where:]
        if self.how == "nested":
            return b"[" * 100_000 + b"]" * 100_000
        if self.how == "top":
            return self.value
        return text


BREAKS = st.one_of(
    st.builds(Break, st.just("replace"), st.integers(0, 10_000), WRONG),
    st.builds(Break, st.just("replace"), st.integers(0, 10_000), WRONG),
    st.builds(Break, st.sampled_from(["remove", "add"]), st.integers(0, 10_000), WRONG),
    st.builds(Break, st.just("cut"), at=st.floats(0, 0.999)),
    st.builds(
        Break, st.just("bytes"), value=st.sampled_from([b"\xff", b"\xc3", b"\xed\xa0\x80", b"\x00"]), at=st.floats(0, 1)
    ),
    st.just(Break("nested")),
    st.builds(Break, st.just("top"), value=st.sampled_from([b"[]", b"3", b'"results"', b"null", b"NaN", b""])),
)


RUN = "groups.0.measurements.0.samples.0.run"


@BUNDLES
# What the importer let through before it checked every field, always tried first: a
# negative time (imported as it was), a version the build cannot read (machines.imported
# raised: the site build's traceback), a key that is a path (written outside the cache);
# and what Hypothesis found: a lone surrogate in an output (publishing it raised), an
# infinite or missing time or size (the pages' statistics raised), deep nesting (the
# JSON reader raised RecursionError).
@example(broken=Break("replace", f"{RUN}.wall", -1.0))
@example(broken=Break("replace", "groups.0.interpreter.version", "3"))
@example(broken=Break("replace", "groups.0.key", "../../../../escaped"))
@example(broken=Break("replace", f"{RUN}.stdout", "\ud800"))
@example(broken=Break("replace", f"{RUN}.wall", float("inf")))
@example(broken=Break("replace", f"{RUN}.peak_rss_kib", None))
@example(broken=Break("nested"))
@given(broken=BREAKS)
def test_a_broken_bundle_is_imported_whole_or_refused_in_one_line_naming_the_file(valid, broken):
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        source, cache = write(scratch / "bundle", broken(valid.data)), scratch / "cache"
        shutil.copytree(valid.template, cache)
        before = files(cache)
        code, out, err = imports(source, cache)
        event(f"{broken.how}: {'imported' if code == 0 else 'refused'}")
        if code == 0:
            assert err == "" and out.count("\n") == 1, (out, err)
            read_back(valid.examples, cache, scratch / "site")
        else:
            assert code == 2 and out == "", (code, out, err)
            lines = err.splitlines()
            assert len(lines) == 1 and str(source / JSON_NAME) in lines[0], err[:2000]
            assert files(cache) == before  # nothing of it written


AT = "groups[0].measurements[0].samples[0].run"


@pytest.mark.parametrize(
    ("place", "value", "refusal"),
    [
        (f"{RUN}.wall", -1.0, f"{AT}.wall: -1.0 is not a positive finite number"),
        (f"{RUN}.wall", 0, f"{AT}.wall: 0 is not a positive finite number"),
        (f"{RUN}.cpu", -0.5, f"{AT}.cpu: -0.5 is not a non-negative finite number"),
        (f"{RUN}.cpu", 1e300, f"{AT}.cpu: 1e+300 is beyond the largest number a bundle holds (9007199254740991)"),
        (f"{RUN}.peak_rss_kib", 1.5, f"{AT}.peak_rss_kib: 1.5 is not a non-negative whole number"),
        (f"{RUN}.launcher", "rocket", f"{AT}.launcher: 'rocket' is not one of '', 'linux', 'macos', 'portable'"),
        (f"{RUN}.stdout", "\ud800", f"{AT}.stdout: not text (character 0 is a lone surrogate)"),
        (f"{RUN}.files", {"../out.json": ""}, f"{AT}.files['../out.json']: '../out.json' is not a relative path"),
        (f"{RUN}.files", {"out.txt": ""}, f"{AT}.files['out.txt']: 'out.txt' is not a data file (.csv, .json)"),
        ("groups.0.key", "../../../escaped", "groups[0].key: '../../../escaped' is not a digest (32 hexadecimal"),
        ("groups.0.folder", "..", "groups[0].folder: '..' is not a relative path inside its folder"),
        ("groups.0.interpreter.version", "3", "groups[0].interpreter.version: '3' is not a version (3.14.0)"),
        ("groups.0.interpreter.executable", "a\x00b", "groups[0].interpreter.executable: 'a\\x00b' holds a NUL"),
        ("groups.0.interpreter.platform", "x" * 5000, "platform: 5,000 characters, more than the 4,096 this text"),
        ("groups.0.measurements.0.example", "other/a.py", "example: 'other/a.py' is not a script of the group's"),
        (
            "groups.0.measurements.1.example",
            "pair/chart.py",
            "measurements[1].example: 'pair/chart.py' is measured twice",
        ),
        ("groups.0.measurements.0.samples.1.round", 1, "samples[1].round: 1 does not follow the round before it"),
        ("groups.0.measurements.0.measured_at", "today", "measured_at: 'today' is not a time in UTC"),
        ("machine.name", "two\nlines", "machine.name: 'two\\nlines' is not one line of text"),
        ("machine.card.usable_cores", 0, "machine.card.usable_cores: 0 is not a whole number, 1 or more"),
        ("machine.id", "0" * 12, "machine.id: '000000000000' is not its card's"),
        ("provenance.run", {"id": "1", "url": "javascript:x()", "attempt": 1}, "provenance.run.url: 'javascript:x()'"),
        ("verdicts.0.when", "sometimes", "verdicts[0].when: 'sometimes' is not one of 'always', 'gil'"),
        ("verdicts.0.verdict.status", "maybe", "verdicts[0].verdict.status: 'maybe' is not one of 'holds'"),
        ("verdicts.0.verdict.support", 1.5, "verdicts[0].verdict.support: 1.5 is not a number from 0 to 1"),
        ("verdicts.0.read", {"../..": "x"}, "verdicts[0].read['../..']: '../..' is not a relative path"),
    ],
    ids=lambda value: str(value)[:30] if isinstance(value, str) and "." in value and " " not in value else None,
)
def test_each_kind_of_invalid_field_is_refused_naming_the_file_and_the_field(valid, tmp_path, place, value, refusal):
    source, cache = write(tmp_path / "bundle", Break("replace", place, value)(valid.data)), tmp_path / "deep" / "cache"
    code, out, err = imports(source, cache)
    assert (code, out) == (2, "")
    assert err.startswith(f"python -m measured import: refused {source / JSON_NAME}: ") and refusal in err, err
    assert len(err.splitlines()) == 1
    assert files(tmp_path) == {"bundle/results.json": (source / JSON_NAME).read_bytes()}  # nothing written anywhere


def read_back(examples: Path, cache: Path, site: Path) -> None:
    """What a build does with an imported cache: read every machine, decide the claims, publish the data."""
    here = Suite(examples, cache, progress=lambda line: None, claims=list(CLAIMS), measure=False)
    publish(here, CLAIMS, site / "data")
    for other in machines.imported(examples, cache, list(CLAIMS)):
        publish(other.suite, CLAIMS, site / "data" / other.card.id, other.label)
        Bundle.load(site / "data" / other.card.id)


def test_the_valid_bundle_imports_and_reads_back(valid, tmp_path):
    (other,) = machines.imported(valid.examples, valid.template, list(CLAIMS))
    assert other.label == "elsewhere" and other.folders == {"pair"}
    read_back(valid.examples, valid.template, tmp_path / "site")
    with pytest.raises(BundleError, match=r"^results\.json: groups: 3 is not a list$"):
        Bundle.from_dict({**valid.data, "groups": 3}, "results.json")


def imported_run(valid: Valid, cache: Path):
    """The first run of the first script, as a build reads it from the other machine's imported results."""
    (other,) = machines.imported(valid.examples, cache, list(CLAIMS))
    return other.suite.group("pair", other.suite.default)["pair/chart.py"].samples[0].run


def test_an_output_or_data_file_over_the_runners_cap_is_cut_as_the_runner_cuts_it(valid, tmp_path):
    (tmp_path / "loud.py").write_text(f"import sys\nsys.stdout.write('x' * {2 * OUTPUT_CAP})\n")
    printed = run_script(tmp_path / "loud.py", sys.executable).stdout  # what the runner keeps when it runs here
    assert printed.startswith("x" * OUTPUT_CAP) and "[output truncated: 131,072 bytes in all" in printed
    data = copy.deepcopy(valid.data)
    run = data["groups"][0]["measurements"][0]["samples"][0]["run"]
    assert data["groups"][0]["measurements"][0]["example"] == "pair/chart.py"
    run.update(stdout="x" * (2 * OUTPUT_CAP), stderr=printed, files={"bars.json": "y" * (2 * DATA_CAP)})
    assert imports(write(tmp_path / "loud", json.dumps(data).encode()), tmp_path / "cache")[0] == 0
    kept = imported_run(valid, tmp_path / "cache")
    assert kept.stdout == printed  # cut, with the runner's own marker
    assert kept.stderr == printed  # already cut by the runner: kept as it was
    assert kept.files == {"bars.json": "y" * DATA_CAP}


def test_partial_imports_the_valid_bundles_and_names_each_refused_one_in_the_cache(valid, tmp_path):
    good = write(tmp_path / "good", json.dumps(valid.data).encode())
    bad = write(tmp_path / "bad", Break("replace", "groups.0.measurements.0.samples.1.run.wall", -1.0)(valid.data))
    (tmp_path / "empty").mkdir()  # a folder with no results.json
    given = [good, bad, tmp_path / "empty", tmp_path / "missing"]
    cache = tmp_path / "cache"

    code, out, err = imports(given[0], cache, "--partial", *map(str, given[1:]))
    assert code == 0
    went = cache / "machines" / valid.data["machine"]["id"]
    assert out.splitlines() == [f"{good}: 1 groups of elsewhere (another machine, kept apart) -> {went}"]
    reasons = [
        f"{bad / JSON_NAME}: groups[0].measurements[0].samples[1].run.wall: -1.0 is not a positive finite number",
        unreadable(tmp_path / "empty" / JSON_NAME),
        unreadable(tmp_path / "missing"),
    ]
    assert err.splitlines() == [f"python -m measured import: refused {reason}" for reason in reasons]
    assert refused(cache) == [Refused(str(path), reason) for path, reason in zip(given[1:], reasons, strict=True)]
    kept = json.loads((cache / "machines" / "refused.json").read_text())
    assert kept[0] == {"source": str(bad), "reason": reasons[0]}
    assert [other.label for other in machines.imported(valid.examples, cache, list(CLAIMS))] == ["elsewhere"]

    assert imports(good, cache)[0] == 0  # the next import replaces the record: none refused
    assert refused(cache) == [] and (cache / "machines" / "refused.json").read_text() == "[]"


def test_without_partial_one_refused_bundle_means_none_is_imported(valid, tmp_path):
    good = write(tmp_path / "good", json.dumps(valid.data).encode())
    code, out, err = imports(good, tmp_path / "cache", str(tmp_path / "missing"))
    assert (code, out) == (2, "")
    assert err == f"python -m measured import: refused {unreadable(tmp_path / 'missing')}\n"
    assert not (tmp_path / "cache").exists()  # nothing written, not even the record

    code, _, err = imports(tmp_path / "missing", tmp_path / "cache", "--partial")
    assert code == 2 and len(err.splitlines()) == 1  # none imported: exit 2, the refused one recorded
    assert [r.source for r in refused(tmp_path / "cache")] == [str(tmp_path / "missing")]
    assert files(tmp_path / "cache") == {
        "machines/refused.json": (tmp_path / "cache/machines/refused.json").read_bytes()
    }


@pytest.mark.parametrize(
    ("contents", "message"),
    [
        (None, "cannot read it ("),
        (b"\xef\xbb\xbf{}", "not JSON (Unexpected UTF-8 BOM"),
        (b'{"format": 1, "format": 2}', "not JSON (the field 'format' is given twice)"),
        (b"[" * 100_000, "not JSON that a bundle can be (nested too deeply)"),
        (b"x" * 2048, "larger than a bundle may be (1,024 bytes)"),
    ],
    ids=["a folder", "a byte order mark", "a field twice", "nested", "too large"],
)
def test_a_file_that_cannot_be_a_bundle_is_refused_in_one_line(tmp_path, monkeypatch, contents, message):
    if message.startswith("larger"):
        monkeypatch.setattr(bundle_module, "MAX_BYTES", 1024)
    if contents is None:
        (tmp_path / "bundle" / JSON_NAME).mkdir(parents=True)
    else:
        write(tmp_path / "bundle", contents)
    with pytest.raises(BundleError) as refusal:
        Bundle.load(tmp_path / "bundle")
    assert str(refusal.value).startswith(f"{tmp_path / 'bundle' / JSON_NAME}: {message}")
    assert len(str(refusal.value).splitlines()) == 1


def test_a_literal_json_does_not_allow_is_refused_naming_its_field_or_wherever_it_is(valid, tmp_path):
    data = copy.deepcopy(valid.data)
    data["groups"][0]["measurements"][0]["samples"][0]["run"]["wall"] = float("nan")  # json.dumps writes NaN
    with pytest.raises(BundleError, match=r"samples\[0\]\.run\.wall: NaN is not a positive finite number$"):
        Bundle.load(write(tmp_path / "read", json.dumps(data).encode()))
    data = copy.deepcopy(valid.data)
    data["groups"][0]["measurements"][0]["summary"]["wall"]["median"] = float("inf")  # a field not read
    with pytest.raises(BundleError, match=r"results\.json: not JSON \(Infinity is not a number JSON allows\)$"):
        Bundle.load(write(tmp_path / "ignored", json.dumps(data).encode()))


def test_the_limits_are_documented_as_they_are():
    documented = " ".join((ROOT / "docs" / "methodology.md").read_text(encoding="utf-8").split())
    assert f"larger than {bundle_module.MAX_BYTES // 2**20} MiB" in documented
    assert f"{OUTPUT_CAP // 1024} KiB of each stream" in documented
    assert f"{DATA_CAP // 1024} KiB of each file" in documented
    assert f"newest {KEPT_ROUNDS} rounds are kept" in documented
    assert f"at most {bundle_module.TEXT_CAP:,} characters" in documented
    assert bundle_module.LARGEST == 2**53 - 1 and "2<sup>53</sup> − 1" in documented
