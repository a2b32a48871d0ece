"""The runner's side of the portable launcher (:mod:`measured.launch.leader` ``run``), for any OS.

Each run starts a leader with :mod:`subprocess`: on POSIX in a session of its own, whose
process group is killed afterwards; on Windows in a Job Object (:mod:`.windows`), which
is terminated. The leader starts the script, waits, and writes its report to a file
beside the scratch folder. It costs an interpreter start per run, which the POSIX
launch server saves, and it is no subreaper.
"""

from __future__ import annotations

import contextlib
import os
import subprocess

from . import leader
from .server import LEFTOVER_GRACE, kill_group


class Started:
    """A script started by its own leader."""

    def __init__(self, process: subprocess.Popen, report: str, job) -> None:
        self.process, self.pid = process, process.pid
        self._report, self._job = report, job

    def wait(self) -> dict:
        """The leader's report once it has exited; empty if the script did not end."""
        self.process.wait()
        try:
            with open(self._report, "rb") as report:
                return leader.parse_report(report.read())
        except OSError:
            return {}
        finally:
            for path in (self._report, self._report + ".partial"):
                with contextlib.suppress(OSError):
                    os.remove(path)

    def kill(self) -> None:
        """Kill the leader, the script and everything they started."""
        if self._job is None:
            kill_group(self.pid)
        else:
            self._job.kill()
            self._job.close()


def start(python: str, argv: list[str], cwd: str, env: dict[str, str], output: tuple[int, int]) -> Started:
    """Start a leader that runs ``python argv`` in ``cwd`` with ``env``, writing to the ``output`` pipes."""
    report = cwd.rstrip("/\\") + ".report"
    command = [python, "-I", "-S", leader.__file__, "run", report, cwd, str(LEFTOVER_GRACE), *argv]
    stdout, stderr = output
    if os.name != "nt":
        process = subprocess.Popen(
            command, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=stdout, stderr=stderr, start_new_session=True
        )
        return Started(process, report, None)
    from .windows import Job

    job = Job()
    try:
        process = subprocess.Popen(
            command,
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=stdout,
            stderr=stderr,
            creationflags=subprocess.CREATE_NEW_PROCESS_GROUP,  # Ctrl-C at a console is the runner's to handle
        )
    except BaseException:
        job.close()
        raise
    job.add(process)  # before the leader, still starting its interpreter, can start anything
    return Started(process, report, job)
