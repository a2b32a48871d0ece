"""The site built by MkDocs in a process of its own, for the audit, and what a failed build complained of.

The audit never imports MkDocs nor the runner: it runs ``mkdocs build`` as any author
would, with the environment every MkDocs run started here gets (:data:`measured.settings.MKDOCS_ENV`).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from measured.settings import MKDOCS_ENV, ROOT


def build(strict: bool) -> Path | None:
    """Build the site with MkDocs (in its own process) into a temporary folder; None if the build fails."""
    out = Path(tempfile.mkdtemp(prefix="gil-site-"))
    command = [sys.executable, "-m", "mkdocs", "build", "--strict" if strict else "--no-strict", "--site-dir", str(out)]
    env = {**os.environ, **MKDOCS_ENV}
    started = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        print(f"The {'strict ' if strict else ''}build failed:\n{problems(done.stderr)}")
        print("(--no-strict reports on the site as `make serve` shows it)")
        return None
    print(f"Built the site {'strictly ' if strict else ''}in {time.perf_counter() - started:.1f} s into {out}")
    return out


def problems(log: str, lines: int = 40) -> str:
    """What a failed MkDocs build complained of: its last warnings and errors (with the
    lines they ran on to), not its progress or its verdict table."""
    kept, keep = [], False
    for line in log.splitlines():
        level = line.split(" ", 1)[0]
        if level in ("INFO", "DEBUG", "WARNING", "ERROR"):
            keep = level in ("WARNING", "ERROR")
        elif not line.startswith((" ", "\t")) and line.strip() and not kept and "Traceback" in line:
            keep = True
        if keep and line.strip():
            kept.append(line)
    return "\n".join(kept[-lines:]) or log[-4000:]
