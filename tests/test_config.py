"""measure.yml (measured/config.py): a typo names the file, the folder and the key; a
folder's settings decide what is measured beside it."""

from __future__ import annotations

import sys

import pytest
from support import built, stand_in

from measured.benchmark import CAPACITY
from measured.config import Settings
from measured.suite import ConfigError, ExampleNotFound, Suite


def test_a_typo_in_measure_yml_names_the_file_the_folder_and_the_key(examples, tmp_path):
    (examples / "measure.yml").write_text("folders:\n  models: {repeat: 3}\n")
    with pytest.raises(ConfigError, match=r"measure\.yml: folders: models: unknown key 'repeat'"):
        Suite(examples, tmp_path / "cache")
    (examples / "measure.yml").write_text("folders:\n  models: {capacity: nogil}\n")
    with pytest.raises(ConfigError, match=r"measure\.yml: folders: models: capacity: expected .* found 'nogil'"):
        Suite(examples, tmp_path / "cache")
    (examples / "measure.yml").write_text("folders:\n  models: {capacity: [gil]}\n")
    with pytest.raises(ConfigError, match=r"capacity: expected true, false or one of 'always', .* found \['gil'\]"):
        Suite(examples, tmp_path / "cache")
    (examples / "measure.yml").write_text("folders:\n  models: {matrix: lab}\n")
    with pytest.raises(
        ConfigError, match=r"folders: models: matrix: expected true, false or a list of globs, found 'lab'"
    ):
        Suite(examples, tmp_path / "cache")
    (examples / "measure.yml").write_text("folders:\n  models: {capacity: fork}\n")  # any claim's when=
    assert Suite(examples, tmp_path / "cache").config.settings("models").capacity == "fork"


def test_capacity_is_measured_only_on_the_builds_a_folder_asks_for(examples, tmp_path):
    (examples / "measure.yml").write_text(
        "defaults: {repeats: 1, warmup: 0}\nfolders:\n  ft: {capacity: no-gil}\n  both: {capacity: true}\n"
    )
    for folder in ("ft", "both"):
        (examples / folder).mkdir()
        (examples / folder / "quick.py").write_text("print('quick')\n")
    suite = built(Suite(examples, tmp_path / "cache", progress=lambda line: None))
    assert suite.default.gil_enabled  # this machine's interpreters all have the GIL
    assert suite.measurement(f"both/{CAPACITY} 2").ok
    with pytest.raises(ExampleNotFound, match=r"capacity\(\) needs `capacity: true` for ft/ .*'no-gil'"):
        suite.measurement(f"ft/{CAPACITY} 2")


def test_repeats_of_gives_the_scripts_it_matches_more_rounds_than_the_folders_others(examples, tmp_path):
    (examples / "measure.yml").write_text(
        'folders:\n  costs: {repeats: 1, warmup: 0, repeats_of: {"pooled_*.py": 3, "fewer.py": 0}}\n'
    )
    (examples / "costs").mkdir()
    for name in ("pooled_cost.py", "other.py", "fewer.py"):
        (examples / "costs" / name).write_text("print('quick')\n")
    suite = built(Suite(examples, tmp_path / "cache", progress=lambda line: None))
    rounds = {
        name: [s.round for s in suite.measurement(f"costs/{name}").samples]
        for name in ("pooled_cost.py", "other.py", "fewer.py")
    }
    assert rounds == {"pooled_cost.py": [1, 2, 3], "other.py": [1], "fewer.py": [1]}  # never fewer than the folder's


def test_repeats_of_is_part_of_its_folders_cache_key_and_of_no_others():
    plain = Settings(repeats=2)
    assert "repeats_of" not in plain.key_part()  # the keys of folders without it are those they had before it
    assert Settings(repeats=2, repeats_of={"start_cost.py": 5}).key_part() != plain.key_part()


@pytest.mark.skipif(sys.platform == "win32", reason="the stand-in interpreter is a shell script")
def test_a_matrix_of_globs_runs_only_its_variants_there_and_what_reads_others_only_on_the_builds_own(
    examples, tmp_path, monkeypatch
):
    (examples / "measure.yml").write_text(
        'folders:\n  grid: {capacity: true, arguments: {"w.py": [1, 2]}, matrix: ["base.py", "w.py 2"]}\n'
    )
    (examples / "grid").mkdir()
    for name in ("base.py", "w.py", "other.py"):
        (examples / "grid" / name).write_text("print(1)\n")
    other = stand_in(tmp_path / "bin" / "python3.99", "3.99.0", free_threaded=False)
    monkeypatch.setenv("MEASURED_INTERPRETERS", str(other))
    suite = Suite(examples, tmp_path / "cache")
    own, there = suite.interpreters_for("grid/base.py", "grid/w.py 2", f"grid/{CAPACITY} 2")
    assert (own, there.version) == (suite.default, "3.99.0")
    assert suite.interpreters_for("grid/base.py", "grid/w.py 1") == [own]  # a claim that reads w.py 1
    assert suite.interpreters_for("grid/other.py") == [own]
    with pytest.raises(ExampleNotFound, match=r"grid/w.py 1 runs only on .* \(measure.yml: grid: matrix\)"):
        suite.measurement("grid/w.py 1", there)  # a lookup never measures, nor asks for what is not measured
    calibration = [f"grid/{CAPACITY} 1", f"grid/{CAPACITY} 2"]
    assert suite.store.plan("grid", there)[1] == ["grid/base.py", "grid/w.py 2", *calibration]
    everything = ["grid/base.py", "grid/other.py", "grid/w.py 1", "grid/w.py 2"]
    assert suite.store.plan("grid", own)[1] == [*everything, *calibration]
    key = suite.key("grid", there)
    (examples / "measure.yml").write_text(
        'folders:\n  grid: {capacity: true, arguments: {"w.py": [1, 2]}, matrix: ["base.py", "w.py *"]}\n'
    )
    wider = Suite(examples, tmp_path / "cache")
    assert wider.key("grid", there) != key  # the globs choose what is measured there: part of the key
