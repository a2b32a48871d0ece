"""How a script is started and killed, chosen once per platform: the *launchers*.

==========  =========================================  ================================
launcher    where                                      how
==========  =========================================  ================================
``linux``   Linux (the default there)                  launch server; leader is subreaper
``macos``   macOS and other POSIX (the default there)  launch server, no subreaper
``portable`` Windows (the default there), or forced    a leader per run, by subprocess
==========  =========================================  ================================

Every launcher keeps the runner's contract (:mod:`measured.process`): the script in a
process tree of its own (a session, or a Job Object on Windows) killed whole afterwards,
stdin closed, its own CPU time and peak memory measured by a *leader* beside it
(:mod:`.leader`). They differ in what a process the script leaves behind costs: under
``linux`` the leader reaps it and counts its work as the run's if it ends within a
quarter of a second; elsewhere it is killed all the same, but work it does before that
counts as another program's (contention). ``MEASURED_LAUNCHER`` forces one, so that the
macOS and Windows paths are tested on Linux too.
"""

from __future__ import annotations

import os
import sys
import weakref
from typing import Protocol

from . import portable, server

LAUNCHERS = ("linux", "macos", "portable")
DESCRIPTIONS = {
    "linux": "a launch server whose leaders are the scripts' subreapers (Linux)",
    "macos": "a launch server, no subreaper (macOS and other POSIX)",
    "portable": "a leader started for each run by subprocess (Windows, or forced)",
}


def chosen(forced: str = "") -> str:
    """The launcher a build uses: ``forced`` (MEASURED_LAUNCHER) if given, else the platform's own."""
    if forced:
        if forced not in LAUNCHERS:
            raise ValueError(f"MEASURED_LAUNCHER={forced!r}: expected one of {', '.join(LAUNCHERS)}")
        if forced != "portable" and os.name == "nt":
            raise ValueError(f"MEASURED_LAUNCHER={forced!r}: Windows has only the portable launcher")
        return forced
    if sys.platform.startswith("linux"):
        return "linux"
    return "macos" if os.name == "posix" else "portable"


class Started(Protocol):
    """A script on its way, as every launcher hands it back."""

    pid: int  # the leader's

    def wait(self) -> dict:
        """The leader's report (see :mod:`.leader`) once it is done; empty if the script did not end."""

    def kill(self) -> None:
        """Kill the leader, the script and everything they started."""


class Launcher:
    """The launcher a build starts its scripts with (one of :data:`LAUNCHERS`), and the launch
    servers it keeps for the next run; closed when its owner is done with it (or is gone)."""

    def __init__(self, forced: str = "") -> None:
        self.name = chosen(forced)  # ``forced``: MEASURED_LAUNCHER, if set
        self.servers = None if self.name == "portable" else server.Servers(subreaper=self.name == "linux")
        self._closer = weakref.finalize(self, self.servers.close) if self.servers else None

    def start(self, python: str, argv: list[str], cwd: str, env: dict[str, str], output: tuple[int, int]) -> Started:
        """Start ``python argv`` in ``cwd``, writing to the ``output`` pipes (stdout, stderr)."""
        if self.servers is None:
            return portable.start(python, argv, cwd, env, output)
        return self.servers.start(python, argv, cwd, env, output)

    def close(self) -> None:
        """Let its launch servers go (each leaves when its pipe closes)."""
        if self._closer:
            self._closer()

    def __enter__(self) -> Launcher:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
