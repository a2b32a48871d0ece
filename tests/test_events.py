"""Progress as events: the build log's lines are their str(), the build benchmark reads their data."""

from __future__ import annotations

from support import built

from measured import events
from measured.checked import Checked
from measured.claims import Claim, Status, Verdict
from measured.report import counted, verdict_table
from measured.suite import Suite


def test_each_event_is_the_line_the_log_always_showed():
    run = events.RunTimed("lab/cpu_threads.py 4", "CPython 3.13.1", "round 2", 0.5, "ok")
    assert str(run) == "measured lab/cpu_threads.py 4 on CPython 3.13.1: round 2, 0.50 s, ok"
    assert (
        str(events.Deciding("lab", "CPython 3.13.1", 2))
        == "deciding lab/ on CPython 3.13.1: 2 claims open, one more round"
    )
    assert str(events.VerdictsCounted({"contradicted": 0, "holds": 3, "skipped": 1})) == "verdicts: 3 holds, 1 skipped"


def test_a_suite_measuring_appends_one_event_per_run_to_the_file(examples, tmp_path):
    (examples / "measure.yml").write_text("defaults: {repeats: 2, warmup: 1, timeout: 20}\n")
    (examples / "pair").mkdir()
    (examples / "pair" / "a.py").write_text("print(1)\n")
    (examples / "pair" / "b.py").write_text("print(2)\n")
    lines, kept = [], tmp_path / "events.jsonl"
    suite = built(Suite(examples, tmp_path / "cache", progress=events.EventFile(kept, lines.append)))
    suite.measurement("pair/a.py")
    runs = events.read(kept)
    kinds = ["warm-up", "round 1", "round 2"]  # each script once in each (the order is test_suite's)
    assert sorted((run.example, run.kind) for run in runs) == sorted(
        (e, k) for e in ("pair/a.py", "pair/b.py") for k in kinds
    )
    assert all(run.interpreter == suite.default.label and run.seconds > 0 for run in runs)
    assert all(run.how == "ok" or run.how.startswith("disturbed (other processes used") for run in runs)
    assert [str(run) for run in runs] == [
        line for line in map(str, lines) if line.startswith("measured pair/") and " s, " in line
    ]


def test_the_verdicts_event_counts_as_the_tables_last_line_and_keeps_the_rows_that_need_attention():
    claim = Claim("cores > 1")
    checked = [
        Checked("a.md", 3, claim, Verdict("CPython 3.13", Status.HOLDS, shown="2 > 1")),
        Checked("b.md", 5, claim, Verdict("CPython 3.14", Status.UNDECIDED, reason="the rounds disagree")),
    ]
    event = counted(checked)
    assert str(event) == verdict_table(checked).splitlines()[-1] == "verdicts: 1 undecided, 1 holds"
    (row,) = event.open
    assert row.startswith("undecided    b.md:5") and row.endswith("why: the rounds disagree")
    assert row in verdict_table(checked)
