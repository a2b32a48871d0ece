"""Run one script in a subprocess, safely, and measure it from outside.

The script gets a process tree of its own (a session and process group on POSIX, a
Job Object on Windows: see :mod:`measured.launch`), a closed stdin and a scratch
working directory that is deleted afterwards. Whatever happens (normal exit,
timeout, Ctrl-C or SIGTERM to the build), the whole tree is killed before this
module returns, so no child or grandchild outlives the run. Output is read as bytes,
counted in full but kept only up to a cap, and decoded without ever failing.
Besides its time and memory, a run records how busy the rest of the machine was
meanwhile (its *contention*), so that a run disturbed by other work can be told
apart from a slow one.
"""

from __future__ import annotations

import contextlib
import os
import signal
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import psutil

from . import launch
from .settings import Environment

# Variables of the build's environment that would change how an example runs, so
# that it runs as it does for a reader: stand-alone, buffered, no debug allocator.
UNSET = frozenset(
    {
        "PYTHONPATH",
        "PYTHONUNBUFFERED",
        "PYTHONSTARTUP",
        "PYTHONINSPECT",
        "PYTHONDEVMODE",
        "PYTHONMALLOC",
        "PYTHONWARNINGS",
        "PYTHONBREAKPOINT",
    }
)
OUTPUT_CAP = 64 * 1024  # bytes of each stream kept for the page
DATA_SUFFIXES = (".csv", ".json")  # files a script may leave for charts and tables
DATA_CAP = 256 * 1024  # bytes of each such file kept
TICKS = 0.02 * (os.cpu_count() or 1)  # seconds of error in two readings of per-core tick counters


@dataclass
class Run:
    """One execution of a script: what it printed, how it ended, what it cost."""

    exit_code: int  # negative: killed by that signal
    timed_out: bool
    wall: float  # seconds, from start to exit, measured by the runner
    cpu: float  # user + system seconds of the script and the children it waited for
    peak_rss_kib: int  # largest resident set of the script or any waited-for child
    stdout: str
    stderr: str
    stdout_bytes: int  # how much it printed in all, kept or not
    stderr_bytes: int
    files: dict[str, str] = field(default_factory=dict)  # data files it wrote
    contention: float = 0.0  # cores that other processes kept busy, on average, while it ran
    launcher: str = ""  # which launcher started it (measured.launch.LAUNCHERS)

    @property
    def ok(self) -> bool:
        return self.exit_code == 0 and not self.timed_out

    def describe_failure(self, lines: int = 12) -> str:
        """How it failed, with the tail of its stderr, for error messages."""
        if self.timed_out:
            how = f"timed out after {self.wall:.1f} s (its process tree was killed)"
        elif self.exit_code < 0:
            how = f"killed by signal {_signal_name(-self.exit_code)}"
        else:
            how = f"exited with status {self.exit_code}"
        tail = "\n".join(self.stderr.rstrip().splitlines()[-lines:])
        return f"{how}\n{tail}" if tail else f"{how} (stderr was empty)"


class _Capture(threading.Thread):
    """Drain a pipe to the end, keeping the first ``cap`` bytes and counting all."""

    def __init__(self, pipe, cap: int) -> None:
        super().__init__(daemon=True)
        self.pipe, self.cap = pipe, cap
        self.kept = bytearray()
        self.total = 0

    def run(self) -> None:
        with self.pipe:
            while chunk := self.pipe.read1(65536):
                self.total += len(chunk)
                room = self.cap - len(self.kept)
                if room > 0:
                    self.kept += chunk[:room]

    def text(self) -> str:
        return kept_text(bytes(self.kept), self.total)


def kept_text(kept: bytes, total: int) -> str:
    """What the runner keeps of a script's output: the ``kept`` bytes it read first, decoded, and
    a visible marker when there were more (``total`` in all)."""
    text = decode(kept)
    if total > len(kept):
        text += f"\n[output truncated: {total:,} bytes in all, first {len(kept):,} shown]\n"
    return text


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:  # no such signal here (Windows has few)
        return str(number)


def decode(data: bytes) -> str:
    """UTF-8 where possible; any other byte shown as an escape, never an error."""
    return data.decode("utf-8", errors="backslashreplace")


@dataclass
class _Launched:
    """A script started by a launcher: the leader, the readers of its output, the starting point."""

    leader: launch.Started
    readers: list[_Capture]
    started: float  # perf_counter when it started
    busy: float  # machine_busy() before it started
    ours: float  # the runner's own process_time() before it started


def run_script(
    script: Path,
    python: str,
    timeout: float = 60,
    args: list[str] | None = None,
    cap: int = OUTPUT_CAP,
    env: dict[str, str] | None = None,
    launcher: launch.Launcher | str | None = None,
) -> Run:
    """Run ``python script [args]`` once in a scratch directory and return what happened.

    ``python`` is the command to start (a path, a wrapper, a shim); the script runs on
    the interpreter it starts. ``launcher`` starts it: a build's :class:`launch.Launcher`
    (which keeps its launch servers for the next run), or for this run alone one of
    :data:`launch.LAUNCHERS` by name, the ``MEASURED_LAUNCHER`` one or else the
    platform's own by default."""
    script = Path(script).resolve()
    if not isinstance(launcher, launch.Launcher):
        with launch.Launcher(launcher or Environment.read().launcher) as own:
            return run_script(script, python, timeout, args, cap, env, own)
    with _terminated_as_exit(), tempfile.TemporaryDirectory(prefix="measured-") as scratch:
        launched = _launch(launcher, python, [str(script), *(args or [])], scratch, env, cap)
        reported: dict = {}
        waiter = threading.Thread(target=lambda: reported.update(launched.leader.wait()), daemon=True)
        waiter.start()
        try:
            timed_out = _wait_or_kill(launched.leader, waiter, timeout)
        finally:
            launched.leader.kill()  # children it left behind, or all of it on Ctrl-C
            if waiter.is_alive():  # interrupted: the report ends once the tree is dead
                waiter.join()
        wall = time.perf_counter() - launched.started
        contention = _contention(launched, reported, wall)
        for reader in launched.readers:
            reader.join(timeout=5)  # a grandchild holding the pipe is dead by now
        files = _data_files(Path(scratch))
    return _result(reported, launched.readers, timed_out, wall, contention, files, launcher.name)


def _launch(
    launcher: launch.Launcher, python: str, command: list[str], scratch: str, env: dict[str, str] | None, cap: int
) -> _Launched:
    """Have a leader start ``command`` in a process tree of its own, and start the readers of its output."""
    child_env = {k: v for k, v in os.environ.items() if k not in UNSET}
    child_env.update({"PYTHONDONTWRITEBYTECODE": "1", **(env or {})})
    pipes = [os.pipe() for _ in range(2)]  # stdout, stderr
    busy, ours = machine_busy(), time.process_time()
    started = time.perf_counter()
    try:
        leader = launcher.start(python, command, scratch, child_env, (pipes[0][1], pipes[1][1]))
    except BaseException:
        for read, _ in pipes:
            os.close(read)
        raise
    finally:
        for _, write in pipes:
            os.close(write)
    readers = [_Capture(os.fdopen(read, "rb"), cap) for read, _ in pipes]
    for reader in readers:
        reader.start()
    return _Launched(leader, readers, started, busy, ours)


def _wait_or_kill(leader, waiter: threading.Thread, timeout: float) -> bool:
    """Wait for ``waiter`` to read the leader's report; at the timeout, kill its tree. Timed out?"""
    deadline = time.monotonic() + timeout
    while waiter.is_alive() and time.monotonic() < deadline:
        # Short waits: the kernel may hand Ctrl-C to any thread, and Python
        # runs its handler only when the main thread wakes up.
        waiter.join(min(0.1, max(0.0, deadline - time.monotonic())))
    timed_out = waiter.is_alive()
    if timed_out:
        leader.kill()
        waiter.join()
    return timed_out


def _contention(launched: _Launched, reported: dict, wall: float) -> float:
    """Cores that processes other than the runner and the script kept busy meanwhile."""
    spent = reported.get("spent", 0.0)  # the leader and all it waited for
    others = machine_busy() - launched.busy - (time.process_time() - launched.ours) - spent
    return max(0.0, others - TICKS) / wall


KILLED = -9  # the exit code of a run the runner killed (SIGKILL on POSIX; Windows has no signal numbers)
NOT_RUN = 127  # as a shell says "could not run it"


def _result(
    reported: dict,
    readers: list[_Capture],
    timed_out: bool,
    wall: float,
    contention: float,
    files: dict[str, str],
    launcher: str,
) -> Run:
    """The Run: the leader's report if it saw the script end, else what the runner saw."""
    if reported:
        wall, cpu = float(reported["wall"]), float(reported["cpu"])
        rss, exit_code = int(reported["peak_rss_kib"]), int(reported["exit_code"])
    else:  # killed before the script ended (at the timeout, on Ctrl-C), or it never started
        cpu, rss = 0.0, 0
        exit_code = KILLED if timed_out else NOT_RUN
    return Run(
        exit_code=exit_code,
        timed_out=timed_out,
        wall=wall,
        cpu=cpu,
        peak_rss_kib=rss,
        stdout=readers[0].text(),
        stderr=readers[1].text(),
        stdout_bytes=readers[0].total,
        stderr_bytes=readers[1].total,
        files=files,
        contention=contention,
        launcher=launcher,
    )


def machine_busy() -> float:
    """CPU seconds the whole machine has been busy since boot: every process on every core,
    plus time a hypervisor gave to other machines (steal).

    A runner confined to some cores (CPU affinity: the rehearsal's one-core machine)
    counts only those: work on the others takes nothing from its scripts."""
    usable = _usable_cpus()
    if usable is None:
        return _busy(psutil.cpu_times())
    per_cpu = psutil.cpu_times(percpu=True)
    return sum(_busy(per_cpu[cpu]) for cpu in usable if cpu < len(per_cpu))


def _busy(times) -> float:
    idle = sum(getattr(times, name, 0.0) for name in ("idle", "iowait"))
    counted_twice = sum(getattr(times, name, 0.0) for name in ("guest", "guest_nice"))  # already in user, nice
    return sum(times) - idle - counted_twice


def _usable_cpus() -> set[int] | None:
    """The CPUs this process may run on, when fewer than the machine's (None: all, or unknown)."""
    try:
        usable = os.sched_getaffinity(0)
    except AttributeError:  # macOS, Windows: no affinity to narrow the count
        return None
    return usable if len(usable) < (os.cpu_count() or len(usable)) else None


@contextlib.contextmanager
def _terminated_as_exit():
    """Let SIGTERM (``kill``, a cancelled CI job) raise SystemExit while a script runs,
    so that run_script's cleanup still kills the script's group, which lives in a session
    of its own and would outlive the runner. Only the main thread can set a handler;
    one set by the program running the build is left alone."""
    if threading.current_thread() is not threading.main_thread() or signal.getsignal(signal.SIGTERM) != signal.SIG_DFL:
        yield
        return

    def stop(signum, frame):
        raise SystemExit(128 + signum)

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _data_files(scratch: Path) -> dict[str, str]:
    """The CSV and JSON files a script left in its working directory."""
    found = {}
    for path in sorted(scratch.rglob("*")):
        if path.suffix in DATA_SUFFIXES and path.is_file() and not path.is_symlink():
            with path.open("rb") as data:
                found[path.relative_to(scratch).as_posix()] = decode(data.read(DATA_CAP))
    return found
