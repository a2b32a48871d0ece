"""Lighthouse's performance and accessibility scores for pages of the served site, where it runs.

Lighthouse comes from npm (through npx) and drives the same Chromium as the browser checks;
requests to other hosts are blocked. Where it cannot run here, the report says why.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

LIGHTHOUSE = "lighthouse@12.8.2"  # the newest that runs on Node 18 to 21; Lighthouse 13 needs Node 22.19
TARGET = 95
TIMEOUT = 300  # seconds for one page and preset
CHROME_FLAGS = "--headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update"


def unavailable() -> str | None:
    """Why Lighthouse cannot run here, or None when it can."""
    if shutil.which("npx") is None:
        return "no npx here (Lighthouse comes from npm: install Node.js and npm)"
    node = subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip()
    if node and int(node.lstrip("v").split(".")[0]) < 18:
        return f"Node {node} is too old for {LIGHTHOUSE} (needs 18.16 or later)"
    return None


def run(url: str, preset: str, chromium: str) -> dict | str:
    """Lighthouse's JSON result for one page with one preset (mobile or desktop), or why it did not run."""
    with tempfile.TemporaryDirectory() as scratch:
        report = Path(scratch) / "report.json"
        command = [shutil.which("npx") or "npx", "--yes", LIGHTHOUSE, url, "--quiet", "--output=json"]
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


def report(base: str, pages: list[str], chromium: str) -> None:
    """Print Lighthouse's scores for each page, mobile and desktop, or why it did not run."""
    print(f"\nLighthouse ({LIGHTHOUSE}, targets ≥ {TARGET}):")
    if reason := unavailable():
        print(f"  not run: {reason}")
        return
    for path in pages:
        for preset in ("mobile", "desktop"):
            result = run(base + path, preset, chromium)
            if isinstance(result, str):
                print(f"  {path} ({preset}): not run: {result}")
            else:
                print(*summary(path, preset, result), sep="\n")
