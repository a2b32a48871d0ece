"""Run one script in a subprocess, safely, and measure it from outside.

The script gets its own session and process group, a closed stdin and a scratch
working directory that is deleted afterwards. Whatever happens (normal exit,
timeout, Ctrl-C or SIGTERM to the build), the whole group is killed before this
module returns, so no child or grandchild outlives the run. Output is read as bytes,
counted in full but kept only up to a cap, and decoded without ever failing.
Besides its time and memory, a run records how busy the rest of the machine was
meanwhile (its *contention*), so that a run disturbed by other work can be told
apart from a slow one.
"""

from __future__ import annotations

import ast
import contextlib
import os
import signal
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import psutil

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

    @property
    def ok(self) -> bool:
        return self.exit_code == 0 and not self.timed_out

    def describe_failure(self, lines: int = 12) -> str:
        """How it failed, with the tail of its stderr, for error messages."""
        if self.timed_out:
            how = f"timed out after {self.wall:.1f} s (its process group was killed)"
        elif self.exit_code < 0:
            how = f"killed by signal {signal.Signals(-self.exit_code).name}"
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
        text = decode(bytes(self.kept))
        if self.total > len(self.kept):
            text += f"\n[output truncated: {self.total:,} bytes in all, first {len(self.kept):,} shown]\n"
        return text


def decode(data: bytes) -> str:
    """UTF-8 where possible; any other byte shown as an escape, never an error."""
    return data.decode("utf-8", errors="backslashreplace")


def kill_group(pgid: int) -> None:
    """SIGKILL every process left in the group; quiet if none is left."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, signal.SIGKILL)


# The launcher forks the script from a small process and reports the script's own
# resource usage. Started straight from the runner, a script would inherit the
# runner's memory high-water mark through exec (Linux keeps it in ru_maxrss), and
# its peak memory would read as the runner's. On Linux it is also the script's
# subreaper: a process the script leaves behind (a forkserver, a resource tracker)
# becomes the launcher's child when the script exits, and is reaped and counted if
# it ends within LEFTOVER_GRACE seconds; the runner kills whatever is left after that.
# The runner starts it with the command it found (a wrapper or a shim, perhaps); it
# runs the script with its own sys.executable, which is the interpreter itself where
# it runs (inside a wrapper's chroot, the runner's path may not exist). It reports one
# dict literal with named fields on the report pipe (not JSON: importing json would add
# 20 ms to every run). Runs on the measured interpreter (CPython 3.8 and later), so no
# walrus, no os.waitstatus_to_exitcode.
LEFTOVER_GRACE = 0.25
LAUNCHER = r"""
import os, resource, sys, time
report, grace = int(sys.argv[1]), float(sys.argv[2])
try:  # prctl(PR_SET_CHILD_SUBREAPER, 1) through ctypes' C core: all of ctypes adds 10 ms a run
    import _ctypes
    _ctypes.call_function(_ctypes.dlsym(_ctypes.dlopen(None), "prctl"), (36, 1, 0, 0, 0))
except Exception:
    try:
        import ctypes
        ctypes.CDLL(None).prctl(36, 1, 0, 0, 0)
    except Exception:
        pass
started = time.perf_counter()
pid = os.fork()
if pid == 0:
    os.close(report)
    try:
        os.execv(sys.executable, [sys.executable] + sys.argv[3:])
    finally:
        os._exit(127)
_, status = os.waitpid(pid, 0)
wall = time.perf_counter() - started
deadline = time.perf_counter() + grace
while time.perf_counter() < deadline:
    try:
        if os.waitpid(-1, os.WNOHANG)[0] == 0:
            time.sleep(0.005)
    except ChildProcessError:
        break
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
os.write(report, repr({
    "wall": wall,
    "cpu": usage.ru_utime + usage.ru_stime,
    "peak_rss_kib": usage.ru_maxrss,
    "status": status,
}).encode())
"""


@dataclass
class _Launched:
    """A launcher started on a script: its process, output readers and report pipe."""

    proc: subprocess.Popen
    readers: list[_Capture]
    report: int  # read end of the launcher's report pipe
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
) -> Run:
    """Run ``python script [args]`` once in a scratch directory and return what happened.

    ``python`` is the command to start (a path, a wrapper, a shim); the script runs on
    the interpreter it starts."""
    script = Path(script).resolve()
    with _terminated_as_exit(), tempfile.TemporaryDirectory(prefix="measured-") as scratch:
        launched = _launch(python, [str(script), *(args or [])], scratch, env, cap)
        outcome: dict = {}
        waiter = threading.Thread(target=_wait, args=(launched.proc.pid, outcome), daemon=True)
        waiter.start()
        try:
            timed_out = _wait_or_kill(launched.proc.pid, waiter, timeout)
        finally:
            kill_group(launched.proc.pid)  # children it left behind, or all of it on Ctrl-C
            if waiter.is_alive():  # interrupted: reap the launcher before leaving
                waiter.join()
            reported = _read_report(launched.report)
        wall = time.perf_counter() - launched.started
        contention = _contention(launched, outcome["usage"], wall)
        launched.proc.returncode = outcome["status"]  # reaped here, not by Popen
        for reader in launched.readers:
            reader.join(timeout=5)  # a grandchild holding the pipe is dead by now
        files = _data_files(Path(scratch))
    return _result(reported, outcome, launched.readers, timed_out, wall, contention, files)


def _launch(python: str, command: list[str], scratch: str, env: dict[str, str] | None, cap: int) -> _Launched:
    """Start the launcher on ``command`` in its own session, and the readers of its output."""
    child_env = {k: v for k, v in os.environ.items() if k not in UNSET}
    child_env.update({"PYTHONDONTWRITEBYTECODE": "1", **(env or {})})
    report_read, report_write = os.pipe()
    launcher = [python, "-I", "-S", "-c", LAUNCHER, str(report_write), str(LEFTOVER_GRACE)]
    busy, ours = machine_busy(), time.process_time()
    started = time.perf_counter()
    try:
        proc = subprocess.Popen(
            [*launcher, *command],
            cwd=scratch,
            env=child_env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            pass_fds=(report_write,),
            start_new_session=True,  # its own session and process group
        )
    except BaseException:
        os.close(report_read)
        raise
    finally:
        os.close(report_write)
    readers = [_Capture(proc.stdout, cap), _Capture(proc.stderr, cap)]
    for reader in readers:
        reader.start()
    return _Launched(proc, readers, report_read, started, busy, ours)


def _wait_or_kill(pgid: int, waiter: threading.Thread, timeout: float) -> bool:
    """Wait for ``waiter`` to reap the launcher; at the timeout, kill its group. Timed out?"""
    deadline = time.monotonic() + timeout
    while waiter.is_alive() and time.monotonic() < deadline:
        # Short waits: the kernel may hand Ctrl-C to any thread, and Python
        # runs its handler only when the main thread wakes up.
        waiter.join(min(0.1, max(0.0, deadline - time.monotonic())))
    timed_out = waiter.is_alive()
    if timed_out:
        kill_group(pgid)
        waiter.join()
    return timed_out


def _read_report(fd: int) -> dict | None:
    """What the launcher reported, or None if it was killed before the script ended."""
    with os.fdopen(fd, "rb") as report:
        line = report.read()
    try:
        reported = ast.literal_eval(line.decode())
    except (ValueError, SyntaxError, UnicodeDecodeError):
        return None
    return reported if isinstance(reported, dict) else None


def _contention(launched: _Launched, usage, wall: float) -> float:
    """Cores that processes other than the runner and the script kept busy meanwhile."""
    spent = usage.ru_utime + usage.ru_stime  # the launcher and all it waited for
    others = machine_busy() - launched.busy - (time.process_time() - launched.ours) - spent
    return max(0.0, others - TICKS) / wall


def _result(
    reported: dict | None,
    outcome: dict,
    readers: list[_Capture],
    timed_out: bool,
    wall: float,
    contention: float,
    files: dict[str, str],
) -> Run:
    """The Run: the launcher's report if it saw the script end, else what the runner saw."""
    if reported is not None:
        wall, cpu = float(reported["wall"]), float(reported["cpu"])
        rss, status = int(reported["peak_rss_kib"]), int(reported["status"])
    else:  # killed before the script ended: what the runner saw of the launcher
        usage = outcome["usage"]
        cpu, rss, status = usage.ru_utime + usage.ru_stime, usage.ru_maxrss, outcome["status"]
    return Run(
        exit_code=os.waitstatus_to_exitcode(status),
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
    )


def machine_busy() -> float:
    """CPU seconds the whole machine has been busy since boot: every process on every core,
    plus time a hypervisor gave to other machines (steal)."""
    times = psutil.cpu_times()
    idle = sum(getattr(times, name, 0.0) for name in ("idle", "iowait"))
    counted_twice = sum(getattr(times, name, 0.0) for name in ("guest", "guest_nice"))  # already in user, nice
    return sum(times) - idle - counted_twice


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


def _wait(pid: int, outcome: dict) -> None:
    """Reap ``pid`` and keep its raw wait status and resource usage (none, if the
    clean-up after an interrupt reaped it first)."""
    with contextlib.suppress(ChildProcessError):
        _, outcome["status"], outcome["usage"] = os.wait4(pid, 0)


def _data_files(scratch: Path) -> dict[str, str]:
    """The CSV and JSON files a script left in its working directory."""
    found = {}
    for path in sorted(scratch.rglob("*")):
        if path.suffix in DATA_SUFFIXES and path.is_file() and not path.is_symlink():
            with path.open("rb") as data:
                found[str(path.relative_to(scratch))] = decode(data.read(DATA_CAP))
    return found
