"""SVG charts drawn at build time from data the examples wrote.

Charts are drawn with matplotlib and inlined in the page. Text and axes are drawn
in a sentinel colour that is then replaced by ``currentColor``, so a chart takes the
page's text colour and stays legible in light and dark mode. Every chart carries
alt text and is followed by the same numbers as an HTML table.

A chart is a pure function of its data, so ``key()`` names it by that data and this
file's code: a warm build takes drawn charts from the cache and never imports
matplotlib.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import io
import json
import re
import statistics
from html import escape
from importlib.metadata import version
from pathlib import Path

from .errors import AuthorError

INK = "#010203"  # replaced by currentColor in the SVG
PALETTE = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#b07aa1", "#76b7b2", "#edc948", "#9c755f"]
STYLE = {
    "svg.fonttype": "none",  # text stays text: searchable, and in the page's font
    "svg.hashsalt": "measured",  # stable ids, so identical input gives identical SVG
    "font.size": 10,
    "text.color": INK,
    "axes.labelcolor": INK,
    "axes.edgecolor": INK,
    "xtick.color": INK,
    "ytick.color": INK,
    "axes.spines.top": False,
    "axes.spines.right": False,
}


class ChartError(AuthorError):
    """An example wrote chart data the chart cannot be drawn from."""


def key(draw, *args) -> str:
    """A digest of a chart: the drawing function, its data, this file and matplotlib's version."""
    identity = [draw.__name__, args, hashlib.sha256(Path(__file__).read_bytes()).hexdigest(), version("matplotlib")]
    return hashlib.sha256(json.dumps(identity, sort_keys=True, default=str).encode()).hexdigest()[:32]


@functools.cache
def _pyplot():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


@contextlib.contextmanager
def _canvas(width: float, height: float):
    """A figure and its axes, drawn in the charts' style."""
    plt = _pyplot()
    with plt.rc_context(STYLE):
        yield plt.subplots(figsize=(width, height))


def _svg(figure, alt: str) -> str:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", transparent=True, bbox_inches="tight")
    _pyplot().close(figure)
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg") :].replace(INK, "currentColor")
    svg = re.sub(r"<metadata>.*?</metadata>", "", svg, flags=re.S)
    svg = _unique_ids(svg)
    # its shape stated, so that the page keeps its height while not drawing it (measured.css)
    width, height = re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', svg).groups()
    shape = f'style="aspect-ratio: {width} / {height}"'
    return svg.replace("<svg ", f'<svg role="img" aria-label="{escape(alt)}" class="measured-chart" {shape} ', 1)


def _unique_ids(svg: str) -> str:
    """Prefix every id (and each reference to it) with a digest of the chart.

    matplotlib's ids repeat from chart to chart, and two charts inlined in one page
    must not share an id.
    """
    ids = set(re.findall(r'\bid="([^"]+)"', svg))
    if not ids:
        return svg
    prefix = "c" + hashlib.sha1(svg.encode()).hexdigest()[:8] + "-"
    pattern = re.compile(r'(\bid="|#)(' + "|".join(map(re.escape, sorted(ids, key=len, reverse=True))) + r')(?=["\)])')
    return pattern.sub(lambda m: m[1] + prefix + m[2], svg)


def again(chart: str, times: int) -> str:
    """A chart drawn for the ``times``-th time on one page: its ids (prefixed by
    :func:`_unique_ids` with a digest of the chart) prefixed anew, so that none repeats."""
    found = re.search(r'\bid="(c[0-9a-f]{8})-', chart) if times > 1 else None
    return chart.replace(f"{found[1]}-", f"{found[1]}-{times}-") if found else chart


def _table(head: list[str], rows: list[list[str]]) -> str:
    header = "".join(f"<th>{escape(h)}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{header}</tr></thead><tbody>{body}</tbody></table>"


def figure_anchor(title: str) -> str:
    """The id of a chart's figure on its page, from its title: a link to it stays good while the title does."""
    return "figure-" + (re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-") or "chart")


def _figure(svg: str, table: str, title: str, note: str = "") -> str:
    anchor = figure_anchor(title)
    link = f'<a class="headerlink" href="#{anchor}" title="Link to this figure">¶</a>'
    return (
        f'<figure class="measured-figure" id="{anchor}">{svg}<figcaption>{escape(title + note)} {link}</figcaption>'
        f'<details class="measured-data"><summary>The numbers</summary>{table}</details></figure>'
    )


def timeline(data: dict) -> str:
    """A Gantt chart: which lane (thread, process) ran when, and, when spans say, doing what.

    ``data``: ``{"title": str, "spans": [{"lane": str, "start": s, "end": s}, ...]}``; a span
    may name its ``"kind"`` (waiting, computing): then each kind has a colour and a legend.
    ``"axis"`` may say what the time axis counts from (the first span, unless it says).
    """
    try:
        title = str(data["title"])
        spans = [(str(s["lane"]), str(s.get("kind", "")), float(s["start"]), float(s["end"])) for s in data["spans"]]
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise ChartError(f"timeline data needs a title and spans of lane/start/end: {error!r}") from error
    if not spans:
        raise ChartError("timeline data has no spans")
    lanes = list(dict.fromkeys(lane for lane, _, _, _ in spans))
    kinds = [kind for kind in dict.fromkeys(kind for _, kind, _, _ in spans) if kind]
    origin = min(start for _, _, start, _ in spans)
    labelled: set[str] = set()  # each kind named once in the legend
    with _canvas(8, 0.45 * len(lanes) + 1.1) as (figure, axes):
        for row, lane in enumerate(lanes):
            for kind in dict.fromkeys(k for name, k, _, _ in spans if name == lane):
                bars = [((s - origin) * 1000, (e - s) * 1000) for name, k, s, e in spans if (name, k) == (lane, kind)]
                colour = PALETTE[kinds.index(kind) if kind else row % len(PALETTE)]
                label = kind if kind and kind not in labelled else None
                labelled.add(kind)
                axes.broken_barh(bars, (row - 0.35, 0.7), color=colour, label=label)
        axes.set_yticks(range(len(lanes)), lanes)
        axes.invert_yaxis()
        axes.set_xlabel(f"{data.get('axis', 'time since the first span')} (ms)")
        axes.set_title(title, loc="left")
        if kinds:
            axes.legend(loc="lower right", frameon=False)
        svg = _svg(figure, f"Timeline: {title}")
    rows = []
    for lane in lanes:
        lengths = [(e - s) * 1000 for name, _, s, e in spans if name == lane]
        by_kind = [sum((e - s) * 1000 for name, k, s, e in spans if (name, k) == (lane, kind)) for kind in kinds]
        busy = [f"{ms:.1f}" for ms in by_kind] or [f"{sum(lengths):.1f}"]
        rows.append([lane, f"{len(lengths)}", *busy, f"{statistics.median(lengths):.2f}"])
    busy_head = [f"{kind.capitalize()} (ms)" for kind in kinds] or ["Busy (ms)"]
    table = _table(["Lane", "Spans", *busy_head, "Median span (ms)"], rows)
    return _figure(svg, table, title)


def bars(data: dict) -> str:
    """A horizontal bar chart of labelled values, each with its spread when it has one.

    ``data``: ``{"title": str, "unit": str, "bars": [{"label": str, "value": number}, ...]}``;
    a bar may add ``"spread"`` (half the interquartile range of the values it is the median
    of), drawn as an error bar and written after the value ("2.41 ± 0.12 ms").
    """
    try:
        title, unit = str(data["title"]), str(data.get("unit", ""))
        items = [(str(b["label"]), float(b["value"]), float(b.get("spread", 0))) for b in data["bars"]]
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise ChartError(f"bars data needs a title and bars of label/value: {error!r}") from error
    if not items:
        raise ChartError("bars data has no bars")
    spread = any(s for _, _, s in items)

    def shown(value: float, spread_of: float) -> str:
        return f"{value:.3g} ± {_two_digits(spread_of)} {unit}" if spread else f"{value:.3g} {unit}"

    with _canvas(8, 0.45 * len(items) + 1.1) as (figure, axes):
        labels = [label for label, _, _ in items]
        values = [value for _, value, _ in items]
        drawn = axes.barh(
            labels,
            values,
            xerr=[s for _, _, s in items] if spread else None,
            color=[PALETTE[i % len(PALETTE)] for i in range(len(items))],
            error_kw={"ecolor": INK, "capsize": 3},
        )
        axes.bar_label(drawn, labels=[shown(v, s) for _, v, s in items], padding=3)
        axes.invert_yaxis()
        axes.set_xlabel(unit)
        axes.set_title(title, loc="left")
        axes.margins(x=0.15)
        svg = _svg(figure, f"Bar chart: {title}: " + "; ".join(f"{lb} {shown(v, s)}" for lb, v, s in items))
    value_head = f"Value ({unit})" if unit else "Value"
    if spread:
        table = _table(["", value_head, "±"], [[lb, f"{v:.4g}", _two_digits(s)] for lb, v, s in items])
    else:
        table = _table(["", value_head], [[lb, f"{v:.4g}"] for lb, v, _ in items])
    return _figure(svg, table, title)


def _two_digits(spread: float) -> str:
    """A spread to two significant digits, never in exponent form: 0.28, 6.9, 130."""
    return f"{spread:.2g}" if abs(spread) < 100 else f"{spread:.0f}"


Series = dict[str, list[tuple[int, float, bool]]]  # by model: (workers, speed-up, noisy) points
Ideal = list[tuple[int, float]]  # (workers, the best speed-up the machine or the workload allows)
MARKERS = ["o", "s", "^", "D", "v", "P"]  # one per machine
LINES = ["-", ":", "-.", (0, (5, 1, 1, 1))]  # one per machine


def scaling(title: str, lines: list[tuple[str, Series, Ideal]]) -> str:
    """Speed-up against the number of workers, one line per model, beside the ideal.

    ``lines`` holds one ``(machine, series, ideal)`` per machine: ``series`` maps a model
    to ``(workers, speed-up, noisy)`` points; ``ideal`` is the limit that machine's
    hardware or the workload sets, drawn dashed. One machine's chart names no machine
    (its name is ``""``); with several, each model has a colour and each machine a
    marker and a line style, and every line's label says whose it is.
    """
    several = len(lines) > 1
    with _canvas(7, 3.6 if not several else 4.2) as (figure, axes):
        for number, (machine, series, ideal) in enumerate(lines):
            whose = f" ({machine})" if several else ""
            marker, style = MARKERS[number % len(MARKERS)], LINES[number % len(LINES)]
            if ideal:
                axes.plot(
                    *zip(*ideal, strict=True),
                    linestyle="--",
                    color=INK,
                    linewidth=1,
                    marker=marker if several else None,
                    markersize=4,
                    alpha=1 if number == 0 else 0.55,
                    label="ideal" + whose,
                )
            for index, (model, points) in enumerate(series.items()):
                workers = [p[0] for p in points]
                speedups = [p[1] for p in points]
                color = PALETTE[index % len(PALETTE)]
                axes.plot(workers, speedups, marker=marker, linestyle=style, color=color, label=model + whose)
                noisy = [(w, s) for w, s, flagged in points if flagged]
                if noisy:
                    axes.scatter(*zip(*noisy, strict=True), s=140, facecolors="none", edgecolors=color)
        axes.set_xticks(sorted({w for _, _, ideal in lines for w, _ in ideal}))
        axes.set_xlabel("workers")
        axes.set_ylabel("speed-up over sequential")
        axes.set_ylim(bottom=0)
        axes.set_title(title, loc="left")
        axes.legend(frameon=False, labelcolor=INK, fontsize=8 if several else None, ncols=2 if several else 1)
        alt = []
        for machine, series, ideal in lines:
            summary = "; ".join(
                f"{model}: " + ", ".join(f"{w} workers {s:.2f}×" for w, s, _ in points)
                for model, points in series.items()
            )
            on = f"On {machine}: ideal " if several else "Ideal: "
            alt.append(on + ", ".join(f"{w}: {i:g}×" for w, i in ideal) + f". {summary}")
        svg = _svg(figure, f"Scaling chart: {title}. " + " ".join(alt))
    rows = []
    for machine, series, ideal in lines:
        limits = dict(ideal)
        for model, points in series.items():
            for w, s, flagged in points:
                row = [model, f"{w}", f"{s:.2f}×", f"{limits.get(w, float('nan')):g}×"]
                row += [f"{s / limits[w]:.0%}" if w in limits else "–", "noisy" if flagged else ""]
                rows.append(([machine] if several else []) + row)
    head = ["Model", "Workers", "Speed-up", "Ideal", "Of ideal", ""]
    table = _table((["Machine"] if several else []) + head, rows)
    return _figure(svg, table, title, " (circled points: noisy)")
