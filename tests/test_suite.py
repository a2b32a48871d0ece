"""Measuring folders of examples, and the results cache."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import textwrap

import pytest
from neighbours import confine, half_core, whole_core
from support import ROOT, built, copy_hostile, usable_cores

from measured import benchmark, claims
from measured.__main__ import main as cli
from measured.benchmark import Stats
from measured.cache import SCHEMA
from measured.suite import EXTRA_ROUNDS, ExampleNotFound, Suite

QUICK = "defaults: {repeats: 2, warmup: 1, timeout: 20}\n"
ONE_RUN = "defaults: {repeats: 1, warmup: 0, timeout: 20}\n"  # where the rounds are not what is tested


def write(examples, path: str, body: str) -> None:
    (examples / path).parent.mkdir(parents=True, exist_ok=True)
    (examples / path).write_text(textwrap.dedent(body))


@pytest.fixture
def two_scripts(examples):
    (examples / "measure.yml").write_text(QUICK)
    write(examples, "pair/fast.py", 'print("fast")\n')
    write(examples, "pair/slow.py", 'import time\ntime.sleep(0.1)\nprint("slow")\n')
    return examples


@pytest.fixture
def one_run(two_scripts):
    """The same two scripts, each run once: for what the cache does with a result."""
    (two_scripts / "measure.yml").write_text(ONE_RUN)
    return two_scripts


def progress_log():
    lines = []
    return lines, lambda line: lines.append(str(line))  # an event's line


def test_a_folder_is_measured_together_in_interleaved_rounds(two_scripts, tmp_path):
    lines, progress = progress_log()
    suite = built(Suite(two_scripts, tmp_path / "cache", progress=progress))
    fast = suite.measurement("pair/fast.py")
    slow = suite.measurement("pair/slow.py")
    assert fast.last.stdout == "fast\n" and slow.last.stdout == "slow\n"
    assert fast.rounds == slow.rounds == 2
    assert slow.wall.minimum >= 0.1  # each measurement holds its own script's runs: slow.py's all sleep
    taken = [line for line in lines if "round" in line or "warm-up" in line]
    runs = [line.split()[1] for line in taken]
    assert runs == ["pair/fast.py", "pair/slow.py", "pair/slow.py", "pair/fast.py", "pair/fast.py", "pair/slow.py"]


def test_the_second_build_reads_the_cache_and_says_when_it_ran(one_run, tmp_path):
    first = built(Suite(one_run, tmp_path / "cache")).measurement("pair/fast.py")
    lines, progress = progress_log()
    again = built(Suite(one_run, tmp_path / "cache", progress=progress)).measurement("pair/fast.py")
    assert again.cached and not first.cached
    assert again.measured_at == first.measured_at
    assert again.wall == first.wall
    assert [line for line in lines if not line.startswith("scripts started by")] == [
        "cached   pair/ on " + again.interpreter.label
    ]


def test_fresh_measures_again(one_run, tmp_path, monkeypatch):
    built(Suite(one_run, tmp_path / "cache")).measurement("pair/fast.py")
    monkeypatch.setenv("MEASURED_FRESH", "1")
    assert not built(Suite(one_run, tmp_path / "cache")).measurement("pair/fast.py").cached


def test_a_changed_script_is_measured_again_never_served_stale(one_run, tmp_path):
    built(Suite(one_run, tmp_path / "cache")).measurement("pair/fast.py")
    write(one_run, "pair/fast.py", 'print("changed")\n')
    result = built(Suite(one_run, tmp_path / "cache")).measurement("pair/fast.py")
    assert not result.cached
    assert result.last.stdout == "changed\n"


def test_a_script_that_starts_failing_shows_its_failure_not_its_old_output(one_run, tmp_path):
    built(Suite(one_run, tmp_path / "cache")).measurement("pair/fast.py")
    write(one_run, "pair/fast.py", 'raise SystemExit("broken now")\n')
    result = built(Suite(one_run, tmp_path / "cache")).measurement("pair/fast.py")
    assert not result.ok
    assert "broken now" in result.last.describe_failure()
    assert result.wall is None


def test_failures_are_never_cached(examples, tmp_path):
    copy_hostile(examples, "crash.py")
    built(Suite(examples, tmp_path / "cache")).measurement("hostile/crash.py")
    assert not list((tmp_path / "cache").glob("*.json"))


@pytest.mark.parametrize(
    "damage",
    [
        lambda text: text[: len(text) // 2],  # cut off mid-write
        lambda text: "not json at all",
        lambda text: json.dumps({"schema": SCHEMA, "key": "somebody else's", "measurements": {}}),
        lambda text: text.replace('"wall"', '"wal"'),  # wrong shape
        lambda text: "",
        lambda text: text.replace(f'"schema": {SCHEMA}', f'"schema": {SCHEMA - 1}'),  # an older runner's
    ],
    ids=["truncated", "garbage", "foreign-key", "wrong-shape", "empty", "older-schema"],
)
def test_a_corrupt_or_foreign_cache_entry_is_measured_again(one_run, tmp_path, damage):
    built(Suite(one_run, tmp_path / "cache")).measurement("pair/fast.py")
    (entry,) = (tmp_path / "cache").glob("*.json")
    entry.write_text(damage(entry.read_text()))
    result = built(Suite(one_run, tmp_path / "cache")).measurement("pair/fast.py")
    assert not result.cached
    assert result.last.stdout == "fast\n"
    assert json.loads(entry.read_text())["schema"] == SCHEMA  # and the entry is repaired


def test_two_builds_at_once_take_turns_and_leave_one_good_entry(one_run, tmp_path):
    command = [sys.executable, "-m", "measured", "--examples", str(one_run), "--cache", str(tmp_path / "c")]
    builds = [subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(2)]
    outputs = [build.communicate(timeout=60) for build in builds]
    assert [build.returncode for build in builds] == [0, 0], outputs
    stderr = b"".join(err for _, err in outputs).decode()
    assert stderr.count("measured pair/ on") == 1  # the second build waited, then read the cache
    entries = list((tmp_path / "c").glob("*.json"))
    assert len(entries) == 1 and not list((tmp_path / "c").glob(".tmp-*"))


def test_a_missing_example_is_named(one_run, tmp_path):
    suite = Suite(one_run, tmp_path / "cache")
    with pytest.raises(ExampleNotFound, match=r"pair/nope\.py"):
        suite.measurement("pair/nope.py")
    with pytest.raises(ExampleNotFound):
        suite.measurement("../../etc/passwd")


def test_noise_flag_follows_pyperf_thresholds():
    assert not Stats.of([1.0, 1.01, 0.99, 1.0]).noisy
    assert Stats.of([1.0, 1.3, 0.8, 1.0]).noisy  # std dev over 10 % of the mean
    assert Stats.of([1.0] * 9 + [2.0]).noisy  # one run far from the mean
    stats = Stats.of([3.0, 1.0, 2.0])
    assert (stats.median, stats.minimum, stats.maximum) == (2.0, 1.0, 3.0)


def test_a_run_others_left_no_room_for_is_marked_disturbed_and_kept(examples, tmp_path):
    """A script that computes on one core, beside neighbours busy on every core (one pinned
    to each, where the OS has CPU affinity): the machine is full whatever else runs on it."""
    (examples / "measure.yml").write_text("defaults: {repeats: 1, warmup: 0}\n")
    spin = "import time\nend = time.perf_counter() + 0.4\nwhile time.perf_counter() < end:\n    pass\n"
    write(examples, "one/spin.py", spin)
    lines, progress = progress_log()
    with contextlib.ExitStack() as neighbours:
        for cpu in cpus():
            neighbours.enter_context(whole_core(cpu))
        measured = built(Suite(examples, tmp_path / "cache", progress=progress)).measurement("one/spin.py")
    (take,) = [line for line in lines if line.startswith("measured one/spin.py")]  # never taken again
    assert "disturbed (other processes used" in take
    assert measured.rounds == 1 and measured.disturbed_rounds() == {1}
    assert measured.noisy and "other processes kept up to" in measured.why_noisy


def cpus() -> list[int | None]:
    """The cores this process may use, by number where the OS has CPU affinity (None: any one)."""
    if hasattr(os, "sched_getaffinity"):
        return sorted(os.sched_getaffinity(0))
    return [None] * usable_cores()


@pytest.mark.slow  # measures beside neighbours it starts: seconds
@pytest.mark.skipif(usable_cores() < 2, reason="needs a second core for the neighbour")
def test_a_neighbour_on_a_core_the_run_left_idle_does_not_disturb_it(examples, tmp_path):
    """A script that sleeps on one core, a neighbour spinning half the time on another (each
    pinned, where the OS has CPU affinity). The runner counts every core: other programs on
    the machine count too, and when they leave the run no room (it is disturbed, rightly)
    the test tries again, up to three times, then says it could not decide."""
    (examples / "measure.yml").write_text("defaults: {repeats: 1, warmup: 0}\n")
    first, *_, last = cpus()
    write(examples, "one/sleep.py", f"{confine(first)}import time\ntime.sleep(0.4)\n")
    with half_core(last):
        for attempt in range(3):
            suite = built(Suite(examples, tmp_path / f"cache-{attempt}", progress=lambda line: None))
            measured = suite.measurement("one/sleep.py")
            run = measured.last
            room = benchmark.room(run, usable_cores())
            if run.contention <= room:
                break
        else:
            pytest.skip(
                f"not decided: other programs than the neighbour kept this busy machine's cores busy "
                f"({run.contention:.2f} cores in all, where the run left {room:.2f})"
            )
    assert run.contention > 0.25  # the neighbour was seen...
    assert measured.disturbed_rounds() == set()  # ...but left this run all the room it used


@pytest.mark.skipif(usable_cores() < 2, reason="needs a core for the run besides the neighbours")
def test_a_run_that_mostly_waits_still_needs_a_whole_core(examples, tmp_path):
    """A script that starts a hundred threads that each wait, beside neighbours spinning on
    every other core: it used a fraction of a core on average, but starting the threads
    needed a whole one, and the neighbours left none free. (Beside two neighbours that
    kept 1.5 of two cores busy, such a script once took twice as long to start its threads,
    and a claim about that time was contradicted.)"""
    (examples / "measure.yml").write_text("defaults: {repeats: 1, warmup: 0}\n")
    first, *others = cpus()
    waits = "import threading, time\nthreads = [threading.Thread(target=time.sleep, args=(0.3,)) for _ in range(100)]\n"
    waits += "for t in threads:\n    t.start()\nfor t in threads:\n    t.join()\n"
    write(examples, "one/waits.py", f"{confine(first)}{waits}")
    with contextlib.ExitStack() as neighbours:
        for cpu in others:
            neighbours.enter_context(whole_core(cpu))
        measured = built(Suite(examples, tmp_path / "cache", progress=lambda line: None)).measurement("one/waits.py")
    run = measured.last
    assert run.cpu / run.wall < 0.5  # it mostly waited...
    assert measured.disturbed_rounds() == {1}  # ...and still had no core to itself


def test_the_docs_state_the_rule_the_runner_applies():
    methodology = " ".join((ROOT / "docs" / "methodology.md").read_text().split())
    authoring = " ".join((ROOT / "docs" / "authoring.md").read_text().split())
    for text in (methodology, authoring):
        assert f"at least {claims.CONFIDENCE:.0%}" in text.replace(" %", "%")
    assert f"{claims.RESAMPLES} resamples" in methodology
    assert f"at least {claims.MIN_CLEAN} undisturbed rounds" in methodology
    assert f"more than {benchmark.BUSY:g} cores" in methodology
    assert f"less {benchmark.HEADROOM:g} cores" in methodology
    assert f"up to {EXTRA_ROUNDS} more rounds" in methodology
    assert f"the newest {benchmark.MAX_ROUNDS} rounds" in methodology


def test_a_script_with_arguments_is_measured_once_per_argument(examples, tmp_path):
    (examples / "measure.yml").write_text(
        "defaults: {repeats: 1, warmup: 0}\nfolders:\n  lab: {arguments: {'*_workers.py': [1, 4]}}\n"
    )
    write(examples, "lab/sequential.py", 'print("one")\n')
    write(examples, "lab/pool_workers.py", 'import sys\nprint("workers:", sys.argv[1])\n')
    suite = built(Suite(examples, tmp_path / "cache", progress=lambda line: None))
    assert suite.variants("lab/pool_workers.py") == ["lab/pool_workers.py 1", "lab/pool_workers.py 4"]
    assert suite.variants("lab/sequential.py") == ["lab/sequential.py"]
    assert suite.measurement("lab/pool_workers.py 4").last.stdout == "workers: 4\n"
    with pytest.raises(ExampleNotFound, match=r"no variant 'lab/pool_workers\.py 3'"):
        suite.measurement("lab/pool_workers.py 3")


def test_the_command_line_measures_every_variant_of_a_folder(examples, tmp_path):
    (examples / "measure.yml").write_text(
        "defaults: {repeats: 1, warmup: 0}\nfolders:\n  lab: {arguments: {'*_workers.py': [1, 4]}}\n"
    )
    write(examples, "lab/pool_workers.py", "import sys\nprint(sys.argv[1])\n")
    command = [sys.executable, "-m", "measured", "--examples", str(examples), "--cache", str(tmp_path / "c"), "lab"]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "lab/pool_workers.py 1" in done.stdout and "lab/pool_workers.py 4" in done.stdout


def test_a_claim_that_reads_a_folder_not_measured_comes_out_skipped_saying_so(examples, tmp_path, capsys):
    """`python -m measured lab models` died with NotMeasuredYet: a claim on lab/ read subinterpreters/
    too (predicted() reads the start costs). Measured alone, its folder's claims are decided; one
    that reads a folder this command did not measure is skipped, and the reason printed."""
    (examples / "measure.yml").write_text(ONE_RUN)
    write(examples, "here/quick.py", 'print("here")\n')
    write(examples, "there/other.py", 'print("there")\n')
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "page.md").write_text(
        "{{ claim(\"wall('here/quick.py') < 60\") }} and\n"
        "{{ claim(\"wall('here/quick.py') < 60 + wall('there/other.py')\") }}\n"
    )
    arguments = ["--examples", str(examples), "--cache", str(tmp_path / "c"), "--docs", str(docs), "here"]
    assert cli(arguments) == 0
    printed = capsys.readouterr().out
    assert "holds        page.md:1" in printed
    assert "skipped      page.md:2" in printed and "why: it reads there/, not measured in this build" in printed
