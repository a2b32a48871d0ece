"""HTML fragments for pages: outputs with captions, tables, claim verdicts, errors.

Every string that came from a script or a measurement is escaped here; nothing in
this module computes a measurement or writes prose beyond labels.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from html import escape

from .benchmark import Measurement, speedup
from .claims import Status, Verdict
from .interpreter import Interpreter, Machine, Missing
from .process import Run
from .provenance import Provenance, commit_url

SYMBOL = {Status.HOLDS: "✓", Status.CONTRADICTED: "✗", Status.UNDECIDED: "?", Status.ERROR: "!", Status.SKIPPED: "–"}


def seconds(value: float, digits: int = 3) -> str:
    """A duration with a unit that suits it: ``842 ms``, ``1.26 s``."""
    if value < 1:
        return f"{value * 1000:.{digits}g} ms"
    return f"{value:.{digits}g} s" if value < 100 else f"{value:,.0f} s"


def mib(kib: int) -> str:
    return f"{kib / 1024:.1f} MiB"


def when(measurement: Measurement) -> str:
    stamp = datetime.strptime(measurement.measured_at, "%Y-%m-%dT%H:%M:%SZ").strftime("%Y-%m-%d %H:%M UTC")
    return f"cached from a run on {stamp}" if measurement.cached else f"measured in this build, {stamp}"


def machine_label(machine: Machine) -> str:
    """The machine and its operating system: ``Intel Xeon, 2 usable cores, Linux``."""
    system = machine.system.split(" ", 1)[0]  # platform.system(), without the release
    return f"{machine.label}, {'macOS' if system == 'Darwin' else system}"


def interpreter_label(interpreter: Interpreter) -> str:
    return f"{interpreter.label} ({interpreter.build}, {interpreter.start_method})"


def timing(measurement: Measurement) -> str:
    """``812 ms ± 0.31 ms (median of 3)``, flagged when too noisy to trust."""
    stats, rounds = measurement.wall, measurement.rounds
    noisy = ""
    if measurement.noisy:
        noisy = f' <span class="measured-noisy" title="{escape(measurement.why_noisy)}">noisy</span>'
    if rounds == 1:
        return f"{seconds(stats.median)} (one run){noisy}"
    return f"{seconds(stats.median)} ± {seconds(stats.half_iqr, digits=2)} (median of {rounds}){noisy}"


def script(example: str) -> str:
    """An example's file name (its folder is the table's: one folder is measured together)."""
    name = example.rpartition("/")[2]
    return f'<code title="examples/{escape(example)}">{escape(name)}</code>'


def caption(measurement: Measurement) -> str:
    """Where and how long in one line; the rest of the run's details (build, start method, CPU,
    memory, launcher, when) folded under it, for the reader who asks."""
    shown = [escape(measurement.interpreter.label), escape(machine_label(measurement.machine))]
    folded = [escape(f"{measurement.interpreter.build} build, {measurement.interpreter.start_method} start method")]
    if measurement.wall is not None:
        shown.append(f"wall {timing(measurement)}")
        folded += [f"CPU {seconds(measurement.cpu.median)}", f"peak memory {mib(measurement.peak_rss_kib)}"]
    if measurement.last.launcher:
        folded.append(f"{escape(measurement.last.launcher)} launcher")
    folded.append(escape(when(measurement)))
    summary, more = " · ".join(shown), " · ".join(folded)
    return f'<details class="measured-caption"><summary>{summary}</summary><p>{more}</p></details>'


def output(measurement: Measurement) -> str:
    """What the script printed, then the caption; or the failure if it failed."""
    run = measurement.last
    if not run.ok:
        return failure(
            f"{measurement.example} failed on {measurement.interpreter.label}",
            run.describe_failure(),
        )
    # the newest run's output; a figure the text reads from it is the median of every run's
    shown = "Output" if measurement.rounds <= 1 else f"Output of the newest of {measurement.rounds} runs"
    blocks = [_pre(run.stdout, "measured-output", shown)]
    if run.stderr.strip():
        blocks.append(_pre(run.stderr, "measured-stderr", "Printed to stderr"))
    return '<div class="measured-run">' + "".join(blocks) + caption(measurement) + "</div>"


def _pre(text: str, css: str, label: str) -> str:
    return (
        f'<div class="{css}"><span class="measured-label">{label}</span>'
        f"<pre><code>{escape(text.rstrip() or '(printed nothing)')}</code></pre></div>"
    )


def pending(message: str, inline: bool = False) -> str:
    """In place of a result that a served site has not measured yet."""
    if inline:
        return f'<span class="measured-pending" title="{escape(message)}">measuring…</span>'
    return (
        '<div class="admonition info measured-pending">'
        f'<p class="admonition-title">Not measured yet</p><p>{escape(message)}</p></div>'
    )


def preview(run: Run, interpreter: Interpreter) -> str:
    """What an edited script printed in one run, before its folder is measured again."""
    if not run.ok:
        return failure(f"Preview: the edited script failed on {interpreter.label}", run.describe_failure())
    blocks = [_pre(run.stdout, "measured-output", "Output")]
    if run.stderr.strip():
        blocks.append(_pre(run.stderr, "measured-stderr", "Printed to stderr"))
    caption = (
        f"Preview: one run of the edited script on {escape(interpreter.label)}, not measured yet; "
        "its folder is being measured in the background, and this page reloads when it is done"
    )
    return (
        f'<div class="measured-run measured-preview">{"".join(blocks)}<p class="measured-caption">{caption}</p></div>'
    )


def failure(title: str, message: str) -> str:
    """A visible error box (used by non-strict builds in place of a result)."""
    return (
        '<div class="admonition failure measured-failure">'
        f'<p class="admonition-title">{escape(title)}</p>'
        f"<pre><code>{escape(message)}</code></pre></div>"
    )


def not_measured(missing: Missing) -> str:
    return (
        '<div class="admonition note measured-missing">'
        f'<p class="admonition-title">{escape(missing.name)}: not measured in this build</p>'
        f"<p>{escape(missing.reason)}</p></div>"
    )


def comparison(measurements: list[Measurement]) -> str:
    """A table of scripts measured together; speed-ups are against the first row."""
    base = measurements[0]
    rows = []
    for m in measurements:
        if m.wall is None:
            rows.append(f"<tr><td>{script(m.example)}</td><td colspan=5>failed</td></tr>")
            continue
        faster = f"{speedup(base, m):.2f}×" if base.ok else "–"
        rows.append(
            f"<tr><td>{script(m.example)}</td>"
            f"<td>{timing(m)}</td>"
            f"<td>{faster}</td>"
            f"<td>{m.cpu.median / m.wall.median:.2f}</td>"
            f"<td>{seconds(m.cpu.median)}</td>"
            f"<td>{mib(m.peak_rss_kib)}</td></tr>"
        )
    # the answer first (a phone shows the first columns): wall time and speed-up, then why
    head = "".join(
        f"<th>{name}</th>" for name in ("Script", "Wall time", "Speed-up", "CPU ÷ wall", "CPU time", "Peak memory")
    )
    first = measurements[0]
    return (
        '<div class="measured-table"><table>'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
        f'<p class="measured-caption">{escape(interpreter_label(first.interpreter))} · '
        f"{escape(machine_label(first.machine))} · speed-up against the first row · {escape(when(first))}</p></div>"
    )


def missing_row(missing: Missing, columns: int) -> str:
    """A table row for an interpreter that is configured but could not be run: never faked."""
    return (
        f"<tr><td>{escape(missing.name)}</td><td colspan={columns - 1}>not measured in this build: "
        f"{escape(missing.reason)}</td></tr>"
    )


def matrix(examples: tuple[str, ...], rows: list[list[Measurement] | Missing]) -> str:
    """Scripts side by side on several interpreters; speed-ups are against the first script."""
    head = ["Interpreter", "Build", *(script(e) for e in examples)]
    head += [f"Speed-up of {script(e)}" for e in examples[1:]]
    body = []
    for row in rows:
        if isinstance(row, Missing):
            body.append(missing_row(row, len(head)))
            continue
        first = row[0]
        cells = [escape(first.interpreter.label), escape(first.interpreter.build)]
        cells += [timing(m) if m.wall else "failed" for m in row]
        for m in row[1:]:
            cells.append(f"{speedup(first, m):.2f}×" if m.ok and first.ok else "–")
        body.append("<tr>" + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr>")
    measured = next((row[0] for row in rows if not isinstance(row, Missing)), None)
    where = f"{escape(machine_label(measured.machine))} · {escape(when(measured))}" if measured else ""
    return (
        '<div class="measured-table"><table><thead><tr>'
        + "".join(f"<th>{h}</th>" for h in head)
        + f"</tr></thead><tbody>{''.join(body)}</tbody></table>"
        f'<p class="measured-caption">Wall time, median of the rounds · {where}</p></div>'
    )


def measured_value(shown: str, title: str, noisy: list[str] = ()) -> str:
    """A number measured in this build, in a sentence; marked noisy, and why, when what it read was."""
    if not noisy:
        return f'<span class="measured-value" title="{escape(title)}">{escape(shown)}</span>'
    title = f"{title}. Noisy: {'; '.join(noisy)}"
    return (
        f'<span class="measured-value measured-value--noisy" title="{escape(title)}">'
        f'{escape(shown)} <span class="measured-value__noisy">(noisy)</span></span>'
    )


def claim_anchor(expression: str, when: str = "always") -> str:
    """The id of a claim's place on its page: the same however the text around it changes."""
    return "claim-" + hashlib.sha256(f"{expression}\0{when}".encode()).hexdigest()[:10]


def claim_place(anchor: str) -> str:
    """Where a claim stands on its page, by its id (:func:`claim_anchor`): what the every-claim table links to."""
    return f'<span id="{anchor}"></span>'


def code(text: str) -> str:
    return f"<code>{escape(text)}</code>"


def verdicts(expression: str, results: list[Verdict]) -> str:
    """Inline badges, one per interpreter the claim was decided on (the every-claim table's cells)."""
    return " ".join(_badge(expression, verdict, named=len(results) > 1) for verdict in results)


def _badge(expression: str, verdict: Verdict, named: bool) -> str:
    """One verdict: its symbol, the measured value against the bound (or why there is none), a title saying all."""
    text = verdict.shown or verdict.reason
    if verdict.status == Status.UNDECIDED:
        text = f"not verified in this build: {verdict.shown}"
    noisy = f" (noisy: {'; '.join(verdict.noisy)})" if verdict.noisy else ""
    title = f"Claim {verdict.status} on {verdict.interpreter}: {expression}. {verdict.summary()}{noisy}"
    label = f"{verdict.interpreter}: " if named else ""
    interval = why = ""
    if verdict.status == Status.UNDECIDED:
        interval = f" (90 % of resamples: {verdict.interval})" if verdict.interval else ""
        why = f"; {verdict.reason}" if verdict.reason else ""
    return (
        f'<span class="measured-claim measured-claim--{verdict.status}" title="{escape(title)}">'
        f"{SYMBOL[verdict.status]} {escape(label + text + interval + why)}</span>"
    )


# One mark per claim: a chip that counts its verdicts, the worst first, and opens to each of them.

NOT_MEASURED = "not measured in this build"  # the reason of a verdict on an interpreter this build lacks
WORST_FIRST = (Status.CONTRADICTED, Status.ERROR, Status.UNDECIDED, Status.HOLDS, Status.SKIPPED)
STATED = {  # the chip's word for one verdict, and how its accessible name says it
    Status.HOLDS: ("holds", "holds"),
    Status.CONTRADICTED: ("contradicted", "is contradicted"),
    Status.UNDECIDED: ("not decided", "is not decided"),
    Status.ERROR: ("error", "cannot be evaluated"),
    Status.SKIPPED: ("not checked", "is not checked"),
}
LEGEND = "✓ holds · ✗ contradicted · ? not decided · ! cannot be evaluated · – not checked there"
MARK_END = "</span></span></span>"  # closes what claim_mark() opens, after the page's link to the rule


def mark_label(results: list[Verdict], machines: int = 1) -> tuple[str, str]:
    """What a claim's chip shows and what it says in words: ``✓ 5 of 5``, "Claim holds on 5 of 5
    interpreters"; with several statuses the worst comes first, ``✗ 1 of 5 · ✓ 4``; one verdict, or none
    checked, by name (``– not checked``: "– 7 of 7" would read as minus seven)."""
    if len(results) == 1:
        (verdict,) = results
        word, said = STATED[verdict.status]
        return f"{SYMBOL[verdict.status]} {word}", f"Claim {said} on {verdict.interpreter}"
    counts = {status: sum(v.status == status for v in results) for status in WORST_FIRST}
    shown = [(status, count) for status, count in counts.items() if count]
    total = len(results)
    chip = (
        f"{SYMBOL[Status.SKIPPED]} {STATED[Status.SKIPPED][0]}"
        if shown == [(Status.SKIPPED, total)]
        else " · ".join(
            f"{SYMBOL[status]} {count}" + (f" of {total}" if number == 0 else "")
            for number, (status, count) in enumerate(shown)
        )
    )
    where = "interpreters" + (f" across {machines} machines" if machines > 1 else "")
    said = ", ".join(
        f"{STATED[status][1]} on {count}" + (f" of {total} {where}" if number == 0 else "")
        for number, (status, count) in enumerate(shown)
    )
    return chip, f"Claim {said}"


def worst(results: list[Verdict]) -> Status:
    """The status a claim's chip takes its colour from: the worst of its verdicts."""
    return min((v.status for v in results), key=WORST_FIRST.index, default=Status.SKIPPED)


def claim_mark(expression: str, results: list[Verdict], anchor: str, machines: int = 1) -> str:
    """A claim's one mark in its sentence: a chip (a button) that opens a popover with each verdict,
    those on interpreters this build lacks in one line, and the legend of the symbols. It is left
    open after the legend, for the page's link to the rule; :data:`MARK_END` closes it."""
    chip, said = mark_label(results, machines)
    popover = f"{anchor}-verdicts"
    missing = [v.interpreter for v in results if v.status == Status.SKIPPED and v.reason == NOT_MEASURED]
    lines = [
        _badge(expression, v, named=True)
        for v in results
        if not (v.status == Status.SKIPPED and v.reason == NOT_MEASURED)
    ]
    if missing:
        title = f"Claim not checked on {', '.join(missing)}: {NOT_MEASURED}"
        lines.append(
            f'<span class="measured-claim measured-claim--skipped" title="{escape(title)}">'
            f"{SYMBOL[Status.SKIPPED]} {escape(NOT_MEASURED)}: {escape(', '.join(missing))}</span>"
        )
    return (
        f'<button type="button" class="measured-mark measured-mark--{worst(results)}" popovertarget="{popover}" '
        f'aria-label="{escape(said)}" title="{escape(said)}: show each verdict">{escape(chip)}</button>'
        f'<span class="measured-verdicts" id="{popover}" popover role="dialog" aria-label="{escape(said)}">'
        f'<button type="button" class="measured-verdicts__close" popovertarget="{popover}" '
        'popovertargetaction="hide" aria-label="Close">×</button>'
        f'<span class="measured-verdicts__claim">{escape(said)}: <code>{escape(expression)}</code></span>'
        + "".join(f'<span class="measured-verdicts__one">{line}</span>' for line in lines)
        + f'<span class="measured-verdicts__legend"><span>{escape(LEGEND)}.</span> <span>'
    )


def diagram(wide: str, phone: str = "") -> str:
    """A drawn SVG, and the same drawing laid out for a phone if there is one (shown instead of the
    wide one where the column is narrow: measured.css)."""
    if not phone:
        return f'<figure class="measured-diagram">{wide}</figure>'
    return f'<figure class="measured-diagram measured-diagram--paired">{wide}{phone}</figure>'


def machine_card(machine: Machine, interpreters: list[Interpreter | Missing]) -> str:
    """The machine and the interpreters this build measured on."""
    rows = []
    for item in interpreters:
        if isinstance(item, Missing):
            rows.append(missing_row(item, 5))
        else:
            gil = "enabled" if item.gil_enabled else "disabled"
            rows.append(
                f"<tr><td>{escape(item.label)}</td><td>{escape(item.build)}</td><td>GIL {gil}</td>"
                f"<td>{escape(item.start_method)}</td><td>{item.switch_interval * 1000:g} ms</td></tr>"
            )
    head = "".join(f"<th>{h}</th>" for h in ("Interpreter", "Build", "GIL", "Start method", "Switch interval"))
    return (
        f'<div class="measured-table measured-machine"><p><strong>Machine:</strong> {escape(machine.label)} '
        f"({machine.logical_cpus} logical CPUs, {escape(machine.system)})</p>"
        f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
    )


def machines_missing(names: list[str], shown: str = "") -> str:
    """The machines whose results this build expected and did not get (their runner failed),
    and whose results the pages show instead."""
    listed = ", ".join(escape(name) for name in names)
    one = len(names) == 1
    instead = f" The numbers on these pages are {escape(shown)}'s." if shown else ""
    return (
        '<div class="admonition warning measured-missing"><p class="admonition-title">'
        f"Not in this build: {listed}</p><p>The job that measures on "
        f"{'this machine' if one else 'these machines'} failed, so the pages show no numbers from "
        f"{'it' if one else 'them'}: none from an earlier build are passed off as new.{instead}</p></div>"
    )


def results_left_out(reasons: list[str]) -> str:
    """Other machines' results this build has but does not show: measured from other scripts."""
    items = "".join(f"<li>{escape(reason)}.</li>" for reason in reasons)
    return (
        '<div class="admonition warning measured-missing"><p class="admonition-title">'
        f"Left out of this build: results measured from other scripts</p><ul>{items}</ul></div>"
    )


def source_link(url: str, path: str, ref: str) -> str:
    """Under a listing: its file in the repository, at the commit (or branch) the page was built from."""
    at = f"commit {ref[:7]}" if _is_sha(ref) else f"branch {ref}"
    return (
        f'<p class="measured-source">Source: <a href="{escape(url)}">{escape(path)}</a>'
        f" in the repository, at {escape(at)}</p>"
    )


def _is_sha(ref: str) -> bool:
    return len(ref) == 40 and all(c in "0123456789abcdef" for c in ref)


def build_line(provenance: Provenance, about: str | None = None) -> str:
    """The footer's line: the commit a page was built from and the day, linking to the page that says more."""
    commit = provenance.commit
    if commit is None:
        text = f"Built on {provenance.date}, from no known commit"
    else:
        changes = " with uncommitted changes" if commit.dirty else ""
        text = f"Built from commit {commit.short}{changes} on {provenance.date}"
    shown = f'<a href="{escape(about)}">{escape(text)}</a>' if about else escape(text)
    return f'<div class="measured-build">{shown}</div>'


def provenance_table(provenance: Provenance, repo_url: str | None = None) -> str:
    """Everything a build records about what made it: commit, date, CI run, interpreter, versions."""

    def link(url: str, text: str) -> str:
        return f'<a href="{escape(url)}">{escape(text)}</a>'

    commit = provenance.commit
    if commit is None:
        source = "not known: built outside a git checkout, with no CI to name it"
    else:
        sha = f"<code>{escape(commit.sha)}</code>"
        source = f'<a href="{escape(commit_url(repo_url, commit.sha))}">{sha}</a>' if repo_url else sha
        if commit.branch:
            source += f" on {escape(commit.branch)}"
        tree = {True: "with changes not committed", False: "clean", None: "not known"}[commit.dirty]
        source += f" (working tree: {tree})"
    run = provenance.run
    if run is None:
        ci = "none: built outside CI"
    else:
        ci = link(run.url, f"run {run.id}") + (f", attempt {run.attempt}" if run.attempt > 1 else "")
    stamp = datetime.strptime(provenance.built_at, "%Y-%m-%dT%H:%M:%SZ").strftime("%Y-%m-%d %H:%M UTC")
    facts = [("Commit", source), ("Built", escape(stamp)), ("CI run", ci)]
    if repo_url:
        facts.append(("Repository", link(repo_url, repo_url)))
    facts.append(("Python", escape(provenance.python)))
    rows = "".join(f'<tr><th scope="row">{name}</th><td>{value}</td></tr>' for name, value in facts)
    packages = "".join(
        f"<tr><td><code>{escape(name)}</code></td><td>{escape(version or 'not installed')}</td></tr>"
        for name, version in provenance.versions.items()
    )
    return (
        '<div class="measured-table measured-provenance">'
        f"<table><tbody>{rows}</tbody></table>"
        "<table><thead><tr><th>Package</th><th>Version</th></tr></thead>"
        f"<tbody>{packages}</tbody></table></div>"
    )


def headline(labels: list[str], rows: list[tuple[str, str, list[str]]]) -> str:
    """A small table of headline numbers: a row per (machine, interpreter), a column per figure."""
    head = "".join(f"<th>{escape(label)}</th>" for label in labels)
    body = "".join(
        f"<tr><td>{escape(machine)}</td><td>{escape(interpreter)}</td>"
        + "".join(f"<td>{escape(cell)}</td>" for cell in cells)
        + "</tr>"
        for machine, interpreter, cells in rows
    )
    return (
        '<div class="measured-table measured-headline"><table>'
        f"<thead><tr><th>Machine</th><th>Interpreter</th>{head}</tr></thead><tbody>{body}</tbody></table></div>"
    )


# The workload calculator (measured.predict, on choosing.md): its form, its predictions, its costs.
# docs/javascripts/predict.js draws the same predictions, in the same markup, as the reader types.


def duration(value: float) -> str:
    """A predicted time as the calculator writes it: ``0.4 ms``, ``340 ms``, ``3.1 s``, ``12 min``, ``3.4 h``."""
    if value == 0:
        return "0 s"
    units = (("h", 3600, 7200), ("min", 60, 120), ("s", 1, 1), ("ms", 1e-3, 1e-3), ("µs", 1e-6, 0))
    unit, size = next((unit, size) for unit, size, above in units if value >= above)
    scaled = value / size
    return f"{scaled:.{1 if scaled < 10 else 0}f} {unit}"


def cost_name(name: str, means: str, anchored: bool) -> str:
    """A cost's cell in the costs table: what it is; the first table's carries the id the predictions link to."""
    anchor = f'<span id="cost-{escape(name)}"></span>' if anchored else ""
    return f"{anchor}{escape(means)}"


def cost(value: float | None, unit: str, missing: str = "") -> str:
    """A cost's value on one interpreter in its unit (``s``, ``s/byte``, ``×``), or "not measured" and why."""
    if value is None:
        return f'<span class="measured-cost--missing" title="{escape(missing)}">not measured</span>'
    if unit == "×":
        return f"{value:.2f}×"
    if unit == "s/byte":
        return f"{value * 1e9:.2g} ns a byte"
    return escape(duration(value))


def slowdown(entry: dict) -> str:
    """How much slower its free-threaded build ran pure Python, beside a GIL build's costs."""
    if not entry["gil"]:
        return "–"
    twin = entry["free_threaded"]
    if twin is None:
        return '<span class="measured-cost--missing" title="no free-threaded build measured">not measured</span>'
    return f"{twin['slowdown']:.2f}× ({escape(twin['label'])})"


def predicted(predictions: list, labels: dict[str, str], on: str, tasks: int, costs_at: str) -> str:
    """Each model's predicted time, fastest first: a sentence, then a bar each, with the costs it rests on
    (linked to their rows in the costs table: ``costs_at`` and the cost's name) and those it had to leave out
    (then it is a lower bound)."""
    shown = sorted((p for p in predictions if p.seconds is not None), key=lambda p: p.seconds)
    absent = [p for p in predictions if p.seconds is None]
    longest = max((p.seconds for p in shown), default=0) or 1

    def time(p) -> str:
        return f"{'at least ' if p.left_out else 'about '}{duration(p.seconds)}"

    sentence = f"{tasks:,} tasks on {on}: " + ", ".join(f"{p.model} {time(p)}" for p in shown) + "."
    if absent:
        sentence += " Not predicted: " + "; ".join(f"{p.model} ({p.unavailable})" for p in absent) + "."
    rows = []
    for p in shown:
        rests = ", ".join(f'<a href="{escape(costs_at + n)}">{escape(labels.get(n, n))}</a>' for n in p.rests_on)
        lacks = ", ".join(escape(labels.get(n, n)) for n in p.left_out)
        basis = f"rests on {rests}" if rests else "rests on the inputs alone"
        basis += f"; leaves out, not measured: {lacks}" if lacks else ""
        width = max(0.5, 100 * p.seconds / longest)
        lower = " measured-predicted__row--lower" if p.left_out else ""
        rows.append(
            f'<li class="measured-predicted__row{lower}">'
            f'<span class="measured-predicted__model">{escape(p.model)}</span>'
            f'<span class="measured-predicted__time">{escape(time(p))}</span>'
            f'<span class="measured-predicted__bar" style="width: {width:.1f}%"></span>'
            f'<span class="measured-predicted__basis">{basis}</span></li>'
        )
    return (
        f'<p class="measured-predicted__sentence">{escape(sentence)}</p>'
        f'<ol class="measured-predicted">{"".join(rows)}</ol>'
    )


def predictor(data: dict, inputs: dict, shown: str, script: str) -> str:
    """The calculator's form, filled with ``inputs``, its first prediction ``shown``, its data, and its script."""
    presets = "".join(
        f'<button type="button" data-preset="{number}" aria-pressed="{str(number == 0).lower()}">'
        f"{escape(preset['name'])}</button>"
        for number, preset in enumerate(data["presets"])
    )
    fields = []
    for field in data["fields"]:
        name, unit = field["name"], field["unit"]
        label = f"{field['label']} ({unit})" if unit else field["label"]
        value = inputs[name]
        fields.append(
            f'<p class="measured-predictor__field"><label for="predictor-{name}">{escape(label)}</label>'
            f'<input id="predictor-{name}" name="{name}" type="number" inputmode="decimal" min="{field["min"]:g}" '
            f'max="{field["max"]:g}" step="{"1" if field["whole"] else "any"}" value="{value:g}" required '
            f'aria-describedby="predictor-{name}-hint predictor-{name}-error">'
            f'<span class="measured-predictor__hint" id="predictor-{name}-hint">{escape(field["hint"])}</span>'
            f'<span class="measured-predictor__error" id="predictor-{name}-error" hidden></span></p>'
        )
    options = "".join(
        f'<optgroup label="{escape(machine["name"])}">'
        + "".join(
            f'<option value="{m}:{i}">{escape(entry["label"])}</option>'
            for i, entry in enumerate(machine["interpreters"])
        )
        + "</optgroup>"
        for m, machine in enumerate(data["machines"])
    )
    return (
        '<div class="measured-later"><form class="measured-predictor" id="predictor" novalidate '
        # its data in an attribute, not a script element: Material's instant navigation runs a page's
        # scripts again by copying their text alone, and would run JSON as code
        f'data-costs="{escape(json.dumps(data, separators=(",", ":")))}">'
        f'<fieldset><legend>Start from</legend><p class="measured-predictor__presets">{presets}</p></fieldset>'
        '<fieldset><legend>Your workload</legend><div class="measured-predictor__fields">'
        f"{''.join(fields)}"
        '<p class="measured-predictor__field"><label for="predictor-on">Machine and interpreter</label>'
        f'<select id="predictor-on" name="on">{options}</select></p></div></fieldset></form>'
        '<noscript><p class="measured-predictor__hint">Without JavaScript the form cannot predict: the figures '
        "below are for its first inputs, computed when the page was built.</p></noscript>"
        '<div class="measured-predictor__result" id="predictor-result" role="status" aria-live="polite">'
        f"{shown}</div></div>{_load_near(script)}"
    )


def _load_near(script: str) -> str:
    """A script that loads the form's own when the form nears the screen: a page that opens far above
    it (choosing.md's calculator is its last section) loads nothing more until the reader scrolls."""
    url = json.dumps(script).replace("<", "\\u003c")
    return (
        "<script>(() => {"
        'const form = document.getElementById("predictor");'
        'const load = () => document.head.append(Object.assign(document.createElement("script"), {src: ' + url + "}));"
        'if (!form || !("IntersectionObserver" in window)) return load();'
        "const near = new IntersectionObserver((seen) => {"
        "if (seen.some((entry) => entry.isIntersecting)) { near.disconnect(); load(); }"
        '}, {rootMargin: "1000px 0px"});'
        "near.observe(form);"
        "})();</script>"
    )
