"""The workload model (measured/model.py): its formula on workloads whose answer is plain, the lab's
scripts as it sees them, the claims that check it against the lab, the same formula in JavaScript
(docs/javascripts/predict.js, run by Node) on the same inputs, the form's page without JavaScript,
and a model made wrong on purpose failing a strict build that names the workload."""

from __future__ import annotations

import dataclasses
import json
import math
import random
import re
import shutil
import subprocess
import textwrap

import pytest
from bs4 import BeautifulSoup
from support import ENV, MKDOCS, ROOT
from test_site import make_project, not_decided, skip_if_busy

from measured import claims, model, predict, render
from measured.benchmark import Measurement, Sample
from measured.claims import Status
from measured.handlers import Build
from measured.interpreter import this_machine
from measured.model import Workload
from measured.pages import Expander, fill
from measured.process import Run
from measured.suite import Suite

SCRIPT = ROOT / "docs" / "javascripts" / "predict.js"
NODE = shutil.which("node")
COSTS = {  # seconds, as measured.predict publishes them
    "startup": 0.02,
    "threads_pool": 0.015,
    "processes_pool": 0.05,
    "asyncio_loop": 0.1,
    "thread_start": 0.0002,
    "subinterpreter_start": 0.015,
    "fork_first": 0.01,
    "fork_then": 0.002,
    "forkserver_first": 0.15,
    "forkserver_then": 0.006,
    "spawn_first": 0.08,
    "spawn_then": 0.06,
    "gil_turns": 1.3,
    "round_trip": 0.0004,
    "byte_cost": 5e-9,
}


def interpreter(gil: bool = True, version=(3, 13), **values) -> dict:
    """An interpreter's entry as measured.predict publishes it, with COSTS changed by ``values``."""
    return {
        "label": f"CPython {version[0]}.{version[1]}.0{'' if gil else 't'}",
        "gil": gil,
        "version": list(version),
        "default_method": "fork",
        "start_methods": ["fork", "forkserver", "spawn"],
        "switch_interval": 0.005,
        "cores": 4,
        "values": {**COSTS, **values},
        "missing": {},
        "free_threaded": None,
    }


def work(tasks=8, wait=0.0, python=0.0, native=0.0, payload=0.0, workers=2, cores=4) -> Workload:
    return Workload.checked(
        tasks=tasks, wait=wait, python=python, native=native, payload=payload, workers=workers, cores=cores
    )


def seconds(predictions, model_name: str) -> float:
    return next(p for p in predictions if p.model == model_name).seconds


# The formula


def test_one_after_another_every_part_of_every_task_adds_up():
    predicted = model.predict(work(tasks=10, wait=0.1, python=0.2, native=0.3), interpreter())
    assert seconds(predicted, "sequential") == pytest.approx(10 * 0.6)


def test_with_the_gil_threads_take_turns_on_python_and_overlap_waits_and_c_code():
    pool = COSTS["threads_pool"] + COSTS["thread_start"]  # two threads
    on = interpreter()
    turns = COSTS["gil_turns"]  # and each hand-over costs time
    assert seconds(model.predict(work(python=0.5), on), "threads") == pytest.approx(pool + 8 * 0.5 * turns)
    one = COSTS["threads_pool"]  # one thread hands the GIL to nobody
    assert seconds(model.predict(work(python=0.5, workers=1), on), "threads") == pytest.approx(one + 8 * 0.5)
    assert seconds(model.predict(work(native=0.5), on), "threads") == pytest.approx(pool + 8 * 0.5 / 2)
    assert seconds(model.predict(work(wait=0.5, workers=8), on), "threads") == pytest.approx(
        COSTS["threads_pool"] + 7 * COSTS["thread_start"] + 0.5
    )


def test_without_the_gil_threads_compute_python_in_parallel_up_to_the_cores():
    on = interpreter(gil=False)
    pool = COSTS["threads_pool"] + 7 * COSTS["thread_start"]
    assert seconds(model.predict(work(python=0.5, workers=8, cores=4), on), "threads") == pytest.approx(
        pool + 8 * 0.5 / 4
    )
    assert all(p.model != "free-threaded threads" for p in model.predict(work(), on))  # its threads are those


def test_a_gil_builds_free_threaded_twin_runs_its_python_slower_but_in_parallel():
    on = {**interpreter(), "free_threaded": {**interpreter(gil=False), "slowdown": 1.5}}
    predicted = model.predict(work(python=0.5, workers=4), on)
    free = next(p for p in predicted if p.model == "free-threaded threads")
    assert free.seconds == pytest.approx(COSTS["threads_pool"] + 3 * COSTS["thread_start"] + 8 * 0.75 / 4)
    assert "slowdown" in free.rests_on
    alone = next(p for p in model.predict(work(), interpreter()) if p.model == "free-threaded threads")
    assert alone.seconds is None and alone.unavailable == "no free-threaded build measured"


def test_a_thread_back_from_a_wait_waits_a_switch_interval_for_the_gil_while_another_computes():
    on = interpreter()
    mixed = model.predict(work(wait=0.1, python=0.01, workers=8, tasks=8), on)
    threads = next(p for p in mixed if p.model == "threads")
    pool = COSTS["threads_pool"] + 7 * COSTS["thread_start"]
    assert threads.seconds == pytest.approx(pool + 0.1 + 0.01 + 0.005) and "switch_interval" in threads.rests_on
    alone = next(p for p in model.predict(work(wait=0.1, python=0.01, workers=1, tasks=8), on) if p.model == "threads")
    assert "switch_interval" not in alone.rests_on  # one thread hands the GIL to nobody


def test_asyncio_overlaps_the_waits_but_computes_on_its_one_thread():
    on = interpreter()
    assert seconds(model.predict(work(wait=0.5, workers=8), on), "asyncio") == pytest.approx(
        COSTS["asyncio_loop"] + 0.5
    )
    assert seconds(model.predict(work(native=0.5, workers=8), on), "asyncio") == pytest.approx(
        COSTS["asyncio_loop"] + 8 * 0.5
    )


def test_processes_pay_their_start_method_and_each_task_its_trip_with_its_data():
    on = interpreter()
    predicted = model.predict(work(python=0.5, payload=1e6, workers=4, cores=2), on)
    trip = COSTS["round_trip"] + 2 * 1e6 * COSTS["byte_cost"]
    compute = 8 * (0.5 + trip) / 2
    fork = COSTS["processes_pool"] + 3 * COSTS["fork_then"]  # the lab's pool of one, and three more
    assert seconds(predicted, "processes (fork)") == pytest.approx(fork + compute)
    # another method: the pool's own set-up, then its first start and three more
    spawn = COSTS["processes_pool"] - COSTS["fork_first"] + COSTS["spawn_first"] + 3 * COSTS["spawn_then"]
    assert seconds(predicted, "processes (spawn)") == pytest.approx(spawn + compute)


def test_a_cost_not_measured_is_left_out_and_the_prediction_says_it_is_a_lower_bound():
    on = interpreter(asyncio_loop=None, processes_pool=None)
    predicted = {p.model: p for p in model.predict(work(wait=0.5, workers=8), on)}
    assert predicted["asyncio"].left_out == ("asyncio_loop",) and predicted["asyncio"].seconds == pytest.approx(0.5)
    fork = predicted["processes (fork)"]
    assert fork.left_out == ("processes_pool",) and "fork_first" in fork.rests_on  # its first start still counts
    assert predicted["threads"].left_out == ()
    assert predicted["subinterpreters"].left_out == ("interpreters_pool",)  # no listing measures that


def test_a_cost_below_zero_a_difference_of_noisy_medians_counts_as_none():
    predicted = model.predict(work(wait=0.5, workers=8), interpreter(asyncio_loop=-0.01))
    assert seconds(predicted, "asyncio") == pytest.approx(0.5)


def test_subinterpreters_are_predicted_only_where_each_has_a_gil_of_its_own():
    old = next(p for p in model.predict(work(), interpreter(version=(3, 11))) if p.model == "subinterpreters")
    assert old.seconds is None and "3.12" in old.unavailable
    new = next(p for p in model.predict(work(python=1.0), interpreter(version=(3, 14))) if p.model == "subinterpreters")
    assert new.seconds == pytest.approx(2 * COSTS["subinterpreter_start"] + 8 / 2)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"tasks": 0}, "tasks: 0 is not between 1 and 10,000,000"),
        ({"tasks": 2.5}, "tasks: 2.5 is not a whole number"),
        ({"wait": -1}, "wait: -1 is not between 0 and 86,400"),
        ({"python": math.nan}, "python: nan is not a number"),
        ({"native": math.inf}, "native: inf is not a number"),
        ({"payload": 1e12}, "payload: 1000000000000.0 is not between 0 and 1,000,000,000"),
        ({"workers": True}, "workers: True is not a number"),
        ({"cores": None}, "cores: None is not a number"),
    ],
)
def test_a_workload_out_of_bounds_is_refused_naming_the_input(change, message):
    given = {**dataclasses.asdict(work()), **change}
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(".", r"\.")):
        Workload.checked(**given)


# The lab's scripts, as the model sees them

LAB = {  # what a run of each script took, and printed
    "lab/startup.py": (0.02, "started, printed this line, and exited"),
    "lab/cpu_sequential.py": (0.42, "8 tasks, one after another"),
    "lab/empty_threads.py 1": (0.035, "8 tasks that do nothing, on 1 threads"),
    "lab/cpu_threads.py 2": (0.44, "8 tasks on 2 threads"),
    "lab/@capacity 1": (0.1, ""),
    "lab/@capacity 2": (0.1, ""),
}


def run(wall: float, stdout: str = "", files: dict | None = None, busy: float = 0.0) -> Run:
    return Run(0, False, wall, wall, 1024, stdout, "", len(stdout), 0, files=files or {}, contention=busy)


def measured(python, example: str, wall: float, stdout="", rounds=3, files=None, busy=0.0) -> Measurement:
    samples = [Sample(n, run(wall * (1 + 0.01 * n), stdout, files, busy)) for n in range(1, rounds + 1)]
    return Measurement(example, python, this_machine(), samples, "2026-01-01T00:00:00Z")


@pytest.fixture(scope="module")
def python(tmp_path_factory):
    return Suite(tmp_path_factory.mktemp("examples"), tmp_path_factory.mktemp("cache")).default


def lab(python, turns: float = 1.1, busy: float = 0.0, **walls: float) -> dict[str, Measurement]:
    """The lab's runs, each script's wall time changed by ``walls`` (by file name: ``cpu_threads=0.3``), and
    the listings it borrows from: a thread's start, and two threads taking ``turns`` times as long as one
    (in a moment that other processes kept ``busy`` cores busy)."""
    found = {}
    for example, (wall, stdout) in LAB.items():
        name = example.split("/")[1].split(".")[0]
        found[example] = measured(python, example, walls.get(name, wall), stdout)
    thread = json.dumps({"thread": [0.19, 0.2, 0.21]})  # ms, every value, as subinterpreters/start_cost.py writes them
    found["subinterpreters/start_cost.py"] = measured(python, "x", 0.5, "", 1, {"start_cost.json": thread})
    for script, took in (("cpu_sequential.py", 0.2), ("cpu_threads.py", 0.2 * turns)):
        stamps = f"[0.000 s] task 1 started\n[{took:.3f} s] task 2 finished\n"  # as free_threading/ prints them
        found[f"free_threading/{script}"] = measured(python, script, took + 0.02, stamps, 2, busy=busy)
    return found


def test_a_lab_script_is_its_workload_its_model_and_its_workers():
    assert model.lab_script("lab/cpu_threads.py 2") == ("cpu", "threads", 2)
    assert model.lab_script("lab/sleep_sequential.py") == ("sleep", "sequential", 1)
    assert model.lab_reads("lab/cpu_threads.py 2") == [
        "lab/cpu_threads.py 2",
        "lab/startup.py",
        "lab/cpu_sequential.py",
        "lab/empty_threads.py 1",
    ]
    for wrong in ("lab/cpu_threads.py", "lab/cpu_sequential.py 2", "lab/empty_sequential.py", "models/io_threads.py"):
        with pytest.raises(ValueError, match="predicted\\(\\) knows the lab's workloads"):
            model.lab_script(wrong)


def test_a_lab_threads_prediction_is_the_pool_and_the_sequential_work_taking_turns(python):
    results = lab(python)
    predicted = claims.evaluate("predicted('lab/cpu_threads.py 2')", python, lambda e, i: results[e])
    startup, sequential, pool = (
        results[e].wall.median for e in ("lab/startup.py", "lab/cpu_sequential.py", "lab/empty_threads.py 1")
    )
    assert predicted == pytest.approx(startup + (pool - startup) + 0.0002 + (sequential - startup) * 1.1)


CLAIM = "0.8 <= predicted('lab/cpu_threads.py 2') / wall('lab/cpu_threads.py 2') <= 1.25"


def test_a_claim_on_the_model_holds_where_the_lab_ran_as_predicted_and_is_contradicted_where_not(python):
    honest = claims.check(CLAIM, python, lambda example, on: lab(python)[example])
    assert honest.status == Status.HOLDS and re.fullmatch(r"0\.8× ≤ 1\.0\d+× ≤ 1\.25×", honest.shown), honest.shown
    parallel = lab(python, cpu_threads=0.035 + 0.2)  # as if two threads computed Python at once
    lie = claims.check(CLAIM, python, lambda example, on: parallel[example])
    assert lie.status == Status.CONTRADICTED and lie.rounds == 3
    assert claims.Claim(CLAIM).uses_capacity()  # its rounds measure the capacity it reads
    assert not claims.Claim("predicted('lab/sleep_threads.py 4') > 0").uses_capacity()  # waits need no cores
    busy = lab(python, busy=2.0, cpu_threads=0.035 + 0.2)  # the turns were measured while others computed
    assert claims.check(CLAIM, python, lambda example, on: busy[example]).status == Status.UNDECIDED
    assert set(claims.examples_in(CLAIM)) == set(model.lab_reads("lab/cpu_threads.py 2"))


def test_a_claim_on_a_script_the_model_does_not_know_cannot_be_evaluated(python):
    verdict = claims.check("predicted('models/io_threads.py') > 0", python, lambda example, on: None)
    assert verdict.status == Status.ERROR and "knows the lab's workloads" in verdict.reason


# The same formula in JavaScript

NODE_RUN = """
const model = require(process.argv[1]);
const given = JSON.parse(require("fs").readFileSync(0, "utf8"));
const out = {
  predictions: given.cases.map(([work, on]) => model.predict(work, on)),
  durations: given.durations.map(model.duration),
};
process.stdout.write(JSON.stringify(out));
"""


def javascript(cases: list[tuple[Workload, dict]], durations: list[float]) -> dict:
    given = {"cases": [[dataclasses.asdict(w), on] for w, on in cases], "durations": durations}
    done = subprocess.run(
        [NODE, "-e", NODE_RUN, str(SCRIPT)], input=json.dumps(given), capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout)


def random_case(generator: random.Random) -> tuple[Workload, dict]:
    """A workload and an interpreter drawn at random: GIL or not, old or new, costs missing or not."""

    def some(low, high):
        return 0.0 if generator.random() < 0.3 else generator.uniform(low, high)

    workload = Workload(
        generator.randint(1, 5000),
        some(0, 2),
        some(0, 2),
        some(0, 2),
        some(0, 1e7),
        generator.randint(1, 64),
        generator.randint(1, 16),
    )
    values = {name: (None if generator.random() < 0.2 else generator.uniform(0, 0.2)) for name in COSTS}
    on = interpreter(gil=generator.random() < 0.7, version=generator.choice([(3, 11), (3, 13), (3, 14)]), **values)
    on["start_methods"] = generator.sample(["fork", "forkserver", "spawn"], generator.randint(1, 3))
    on["default_method"] = generator.choice(on["start_methods"])
    if on["gil"] and generator.random() < 0.5:
        on["free_threaded"] = {**interpreter(gil=False, **values), "slowdown": generator.uniform(1, 1.5)}
    return workload, on


def lab_cases() -> list[tuple[Workload, dict]]:
    """Every script of the lab as the model sees it (measured.model.lab_case), on made-up readings."""
    readings = {"capacity()": 1.9, "wall('lab/startup.py')": 0.02}

    def here(expression: str) -> float:
        if expression in readings:
            return readings[expression]
        return 8.0 if "^([0-9]+)" in expression else 0.1 if "printed" in expression else 0.4

    facts = {**interpreter(), "cores": 2}
    kinds = {"cpu": "threads processes", "hash": "threads processes", "sleep": "threads asyncio"}
    kinds |= {"socket": "threads asyncio", "empty": "threads processes asyncio"}
    scripts = ["lab/sleep_sequential.py"]
    scripts += [
        f"lab/{name}_{kind}.py {n}" for name, those in kinds.items() for kind in those.split() for n in (1, 2, 4)
    ]
    return [model.lab_case(script, here, lambda expression: 0.001, facts)[:2] for script in scripts]


@pytest.mark.skipif(NODE is None, reason="no node here: the JavaScript formula is compared in the browser test")
def test_the_javascript_formula_predicts_what_the_python_one_does_on_the_labs_inputs_and_at_random():
    generator = random.Random(33)
    cases = lab_cases() + [random_case(generator) for _ in range(300)]
    durations = [0, 3e-7, 4.2e-5, 0.00042, 0.042, 0.42, 4.2, 42, 119.9, 420, 4200, 7200, 86_400 * 3]
    out = javascript(cases, durations)
    compared = 0
    for (workload, on), shown in zip(cases, out["predictions"], strict=True):
        python = [dataclasses.asdict(p) for p in model.predict(workload, on)]
        for p in python:
            p["rests_on"], p["left_out"] = list(p["rests_on"]), list(p["left_out"])
        assert [{**p, "seconds": None} for p in shown] == [{**p, "seconds": None} for p in python]
        for js, py in zip(shown, python, strict=True):
            assert (js["seconds"] is None) == (py["seconds"] is None)
            if py["seconds"] is not None:
                assert js["seconds"] == pytest.approx(py["seconds"], rel=1e-12)
                compared += 1
    assert compared > 1500  # most of them: a model not predicted (subinterpreters on 3.11) is compared as such
    assert out["durations"] == [render.duration(value) for value in durations]


# The form, on a page


def test_the_form_reads_without_javascript_and_every_missing_cost_makes_it_a_lower_bound(tmp_path):
    """Over an examples folder with no listing, nothing is measured: each prediction is a lower bound, named so."""
    docs = tmp_path / "docs"
    (docs / "javascripts").mkdir(parents=True)
    shutil.copy(SCRIPT, docs / "javascripts" / "predict.js")
    (tmp_path / "examples").mkdir()
    suite = Suite(tmp_path / "examples", tmp_path / "cache", progress=lambda line: None)
    expander = Expander(suite, docs_dir=docs)
    (docs / "costs.md").write_text("# Costs\n")
    expanded = expander.expand('# Page\n\n{{ predictor("costs.md") }}\n\n{{ model_costs() }}\n', "guide/page.md")
    assert not expanded.problems, expanded.problems
    html = fill(expanded.markdown, expanded.fragments)
    assert '<form class="measured-predictor" id="predictor" novalidate data-costs="{' in html
    assert '<label for="predictor-tasks">Tasks</label>' in html and 'value="200"' in html  # the first preset
    assert '{src: "../../javascripts/predict.js"}' in html  # from guide/page/, loaded as the form nears
    assert "at least" in html and "leaves out, not measured: pool of threads" in html
    assert "nan" not in html.lower() and "not measured" in html
    assert '<span id="cost-threads_pool"></span>' in html  # the row a prediction resting on it links to
    data = json.loads(BeautifulSoup(html, "html.parser").find("form")["data-costs"])  # what the script reads
    assert set(data) == {"labels", "fields", "presets", "machines", "costs_at"}
    assert set(model.BY_NAME) <= set(data["labels"]) and data["costs_at"] == "../../costs/#cost-"  # from guide/page/
    assert set(data["machines"][0]["interpreters"][0]["values"]) == set(model.BY_NAME)


def test_each_prediction_links_the_costs_it_rests_on_and_names_those_it_leaves_out():
    prediction = model.Prediction("threads", 1.5, ("threads_pool", "switch_interval"), ("gil_turns",))
    labels = {"threads_pool": "pool of threads", "switch_interval": "switch interval", "gil_turns": "GIL turns"}
    html = render.predicted([prediction], labels, "CPython 3.13.0, a machine", 8, "../predicted/#cost-")
    assert '<a href="../predicted/#cost-threads_pool">pool of threads</a>, <a href="../predicted/#cost-swi' in html
    assert "leaves out, not measured: GIL turns" in html and "a machine: threads at least 1.5 s." in html


def test_text_from_elsewhere_cannot_break_out_of_the_forms_data():
    data = {"labels": {}, "fields": [], "presets": [], "costs_at": "", "machines": []}
    data["machines"] = [{"name": '"><script>alert(1)</script> & co', "cores": 2, "interpreters": []}]
    form = render.predictor(data, {}, "", "predict.js")
    assert "<script>alert" not in form  # escaped, in the attribute
    parsed = BeautifulSoup(form, "html.parser").find("form")
    assert json.loads(parsed["data-costs"])["machines"][0]["name"].startswith('"><script>')


def test_the_published_costs_hold_every_interpreter_of_the_build(tmp_path):
    (tmp_path / "examples").mkdir()
    suite = Suite(tmp_path / "examples", tmp_path / "cache", progress=lambda line: None)
    written = predict.publish(Build(suite), tmp_path / "site" / "data")
    data = json.loads(written.read_text())
    assert written.name == "model.json" and data["version"] == predict.VERSION
    entry = data["machines"][0]["interpreters"][0]
    assert entry["label"] == suite.default.label and set(entry["values"]) == set(model.BY_NAME)
    assert all(value is None for value in entry["values"].values()) and set(entry["missing"]) == set(model.BY_NAME)


# A model made wrong on purpose fails the strict build, naming the workload

TRUE_MODEL = "n * c * turns, n * (c + d) / parallel)"  # with the GIL, Python runs one thread at a time
WRONG_MODEL = "n * (c + d) / parallel)"  # as if it ran on every core at once
LAB_YML = """
defaults: {repeats: 3, warmup: 0, timeout: 30}
folders:
  lab: {repeats: 3, warmup: 0, capacity: true, arguments: {"cpu_threads.py": [2], "empty_threads.py": [1]}}
"""


@pytest.mark.slow
@pytest.mark.parametrize("wrong", [False, True], ids=["the model", "threads computing Python at once under the GIL"])
def test_a_model_made_wrong_on_purpose_fails_the_strict_build_naming_the_workload(tmp_path, wrong):
    page = f'# Probe\n\nThe model predicts two threads {{{{ claim("{CLAIM}") }}}}.\n'
    project = make_project(tmp_path, page)
    (project / "examples" / "measure.yml").write_text(LAB_YML)
    (project / "examples" / "lab").mkdir()
    for name in ("startup.py", "cpu_sequential.py", "cpu_threads.py", "empty_threads.py"):
        shutil.copy(ROOT / "examples" / "lab" / name, project / "examples" / "lab" / name)
    shutil.copytree(ROOT / "measured", project / "measured", ignore=shutil.ignore_patterns("__pycache__"))
    formula = project / "measured" / "model.py"
    text = formula.read_text()
    assert text.count(TRUE_MODEL) == 1, "the GIL's term moved: update this test"
    formula.write_text(text.replace(TRUE_MODEL, WRONG_MODEL) if wrong else text)
    mkdocs_yml = project / "mkdocs.yml"
    mkdocs_yml.write_text(mkdocs_yml.read_text().replace(str(ROOT / "measured"), str(project / "measured")))
    done = subprocess.run([*MKDOCS], cwd=project, env=ENV, capture_output=True, text=True)
    undecided = not_decided(done.stderr, CLAIM) if wrong else {}
    skip_if_busy(undecided)
    if wrong:
        assert done.returncode != 0
        assert f'index.md:3: claim "{CLAIM}" is contradicted on CPython' in done.stderr  # the workload, named
    else:
        assert done.returncode == 0, textwrap.shorten(done.stderr[-3000:], 3000)
