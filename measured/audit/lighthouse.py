"""Lighthouse's performance and accessibility scores for pages of the served site, where it runs.

Lighthouse comes from npm (through npx) and drives the same Chromium as the browser checks;
requests to other hosts are blocked. Where it cannot run here, the report says why.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

# Each Lighthouse with the oldest Node it runs on (`npm view lighthouse@13.5.0 engines`):
# the newest release first, then the last one for the Node before it (12.x: Node 18.16+).
RELEASES = [((22, 19), "lighthouse@13.5.0"), ((18, 16), "lighthouse@12.8.2")]
TARGET = 95
# Lighthouse's score varies from run to run on a shared machine (on the lab page here,
# 91 to 97 in a row, unchanged): each page is scored this many times and the median run
# is the one reported. Lighthouse's docs/variability.md finds the median of five runs
# twice as stable as one; three keep `make report` near three minutes.
RUNS = 3
TIMEOUT = 300  # seconds for one page and preset
CHROME_FLAGS = "--headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update"


def node() -> tuple[int, int] | None:
    """The installed Node's (major, minor), or None when there is none."""
    if shutil.which("node") is None:
        return None
    said = subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip()
    found = re.match(r"v(\d+)\.(\d+)", said)
    return (int(found[1]), int(found[2])) if found else None


def lighthouse_for(version: tuple[int, int] | None) -> str | None:
    """The newest Lighthouse that runs on this Node, or None when none does."""
    if version is None:
        return None
    return next((package for oldest, package in RELEASES if version >= oldest), None)


def unavailable(version: tuple[int, int] | None) -> str | None:
    """Why Lighthouse cannot run here, or None when it can."""
    if version is None:
        return "no Node.js here (Lighthouse comes from npm: install Node.js and npm)"
    if lighthouse_for(version) is None:
        oldest = ".".join(map(str, RELEASES[-1][0]))
        return f"Node {version[0]}.{version[1]} is too old for Lighthouse (needs {oldest} or later)"
    if shutil.which("npx") is None:
        return "no npx here (Lighthouse comes from npm: install npm)"
    return None


def run(url: str, preset: str, chromium: str, package: str) -> dict | str:
    """Lighthouse's JSON result for one page with one preset (mobile or desktop), or why it did not run."""
    with tempfile.TemporaryDirectory() as scratch:
        report = Path(scratch) / "report.json"
        command = [shutil.which("npx") or "npx", "--yes", package, url, "--quiet", "--output=json"]
        command += [f"--output-path={report}", "--only-categories=performance,accessibility"]
        command += [f"--chrome-flags={CHROME_FLAGS} --no-first-run", "--blocked-url-patterns=https://*"]
        command += ["--preset=desktop"] if preset == "desktop" else []
        env = {**os.environ, "CHROME_PATH": chromium}
        try:
            done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            return f"Lighthouse took more than {TIMEOUT} s"
        if done.returncode != 0 or not report.exists():
            lines = [line for line in done.stderr.splitlines() if "npm warn" not in line][-6:]
            return "\n      ".join([f"exit status {done.returncode}:", *lines])
        return json.loads(report.read_text())


def summary(path: str, preset: str, result: dict) -> list[str]:
    """The report's lines for one result: the two scores against the target, then each audit that lost points."""
    if result.get("runtimeError"):
        return [f"  {path} ({preset}): Lighthouse could not load the page: {result['runtimeError'].get('message')}"]
    scores = {key: round(100 * (category["score"] or 0)) for key, category in result["categories"].items()}
    verdict = "meets the targets" if min(scores.values()) >= TARGET else "below target"
    lines = [
        f"  {path} ({preset}): performance {scores['performance']}, accessibility {scores['accessibility']}: {verdict}"
    ]
    for category in result["categories"].values():
        for ref in category["auditRefs"]:
            audit = result["audits"][ref["id"]]
            if ref.get("weight") and audit.get("score") is not None and audit["score"] < 0.9:
                value = f" ({audit['displayValue']})" if audit.get("displayValue") else ""
                items = (audit.get("details") or {}).get("items") or []
                where = "; ".join(
                    str(item.get("node", {}).get("snippet", ""))[:70] for item in items[:2] if "node" in item
                )
                lines.append(f"      {category['id']}: {audit['title']}{value}{': ' + where if where else ''}")
    return lines


def median_run(results: list[dict]) -> dict:
    """The run whose performance score is the median of ``results`` (an odd count reads best)."""
    ranked = sorted(results, key=lambda result: result["categories"]["performance"]["score"] or 0)
    return ranked[len(ranked) // 2]


def report(base: str, pages: list[str], chromium: str, runs: int = RUNS) -> None:
    """Print Lighthouse's scores for each page, mobile and desktop (the median of ``runs``), or why it did not run."""
    version = node()
    package = lighthouse_for(version)
    print(f"\nLighthouse ({package or 'none'}, targets ≥ {TARGET}, the median of {runs} runs):")
    if reason := unavailable(version):
        print(f"  not run: {reason}")
        return
    for path in pages:
        for preset in ("mobile", "desktop"):
            results = [run(base + path, preset, chromium, package) for _ in range(runs)]
            failed = [result for result in results if isinstance(result, str)]
            if failed:
                print(f"  {path} ({preset}): not run: {failed[0]}")
                continue
            scores = [round(100 * (result["categories"]["performance"]["score"] or 0)) for result in results]
            lines = summary(path, preset, median_run(results))
            lines[0] += f" (performance in each run: {', '.join(map(str, scores))})"
            print(*lines, sep="\n")
