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

import array
import ast
import atexit
import contextlib
import os
import signal
import socket
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


# Each script is started by a *leader*: a small process in a session and process group
# of its own, forked for the run by a launch server that lives as long as the runner
# (one per interpreter command and script folder; starting an interpreter for each run
# cost 20 ms of it). The leader forks the script and reports the script's own resource
# usage. Started straight from the runner, a script would inherit the runner's memory
# high-water mark through exec (Linux keeps it in ru_maxrss), and its peak memory would
# read as the runner's. On Linux the leader is also the script's subreaper: a process
# the script leaves behind (a forkserver, a resource tracker) becomes the leader's child
# when the script exits, and is reaped and counted if it ends within LEFTOVER_GRACE
# seconds; the runner kills whatever is left after that. The runner starts the server
# with the command it found (a wrapper or a shim, perhaps), in the script's folder; the
# leader runs the script with the server's own sys.executable, which is the interpreter
# itself where it runs (inside a wrapper's chroot, the runner's path may not exist).
# Requests and reports are dict literals with named fields (not JSON: importing json
# costs 20 ms on a slow machine). Runs on the measured interpreter (CPython 3.8 and
# later), so no walrus, no os.waitstatus_to_exitcode, no socket.recv_fds.
LEFTOVER_GRACE = 0.25
SERVER = r"""
import array, ast, os, resource, socket, sys, time

def subreaper():  # prctl(PR_SET_CHILD_SUBREAPER, 1) through ctypes' C core: all of ctypes adds 10 ms
    try:
        import _ctypes
        _ctypes.call_function(_ctypes.dlsym(_ctypes.dlopen(None), "prctl"), (36, 1, 0, 0, 0))
    except Exception:
        try:
            import ctypes
            ctypes.CDLL(None).prctl(36, 1, 0, 0, 0)
        except Exception:
            pass

def lead(runner, request, stdout, stderr, report):
    os.setsid()
    subreaper()
    runner.sendall(str(os.getpid()).encode())  # the group the runner may kill, now that it exists
    runner.close()
    stdin = os.open(os.devnull, os.O_RDONLY)
    for fd, target in ((stdin, 0), (stdout, 1), (stderr, 2)):
        os.dup2(fd, target)
        os.close(fd)
    os.chdir(request["cwd"])
    started = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        os.close(report)
        try:
            env = dict(os.environ)  # as the command that started the server left it (a wrapper may set some)
            for name in request["unset"]:
                env.pop(name, None)
            env.update(request["set"])  # and as the runner's has changed since
            os.execve(sys.executable, [sys.executable] + request["argv"], env)
        finally:
            os._exit(127)
    _, status = os.waitpid(pid, 0)
    wall = time.perf_counter() - started
    deadline = time.perf_counter() + request["grace"]
    while time.perf_counter() < deadline:
        try:
            if os.waitpid(-1, os.WNOHANG)[0] == 0:
                time.sleep(0.005)
        except ChildProcessError:
            break
    script, own = resource.getrusage(resource.RUSAGE_CHILDREN), resource.getrusage(resource.RUSAGE_SELF)
    os.write(report, repr({
        "wall": wall,
        "cpu": script.ru_utime + script.ru_stime,
        "peak_rss_kib": script.ru_maxrss,
        "status": status,
        "spent": script.ru_utime + script.ru_stime + own.ru_utime + own.ru_stime,
    }).encode())

runner = socket.socket(fileno=int(sys.argv[1]))
while True:
    fds = array.array("i")
    message, ancillary, _, _ = runner.recvmsg(1 << 20, socket.CMSG_LEN(3 * fds.itemsize))
    if not message:
        break  # the runner is gone
    for level, kind, data in ancillary:
        if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:
            fds.frombytes(data[: len(data) - len(data) % fds.itemsize])
    if os.fork() == 0:
        try:
            lead(runner, ast.literal_eval(message.decode()), *fds)
        except BaseException:  # on the run's stderr, once the leader has it; no report: status 127
            import traceback
            traceback.print_exc()
        finally:
            os._exit(0)
    for fd in fds:
        os.close(fd)
    try:
        while os.waitpid(-1, os.WNOHANG)[0]:  # leaders that are done
            pass
    except ChildProcessError:
        pass
"""
SERVERS_KEPT = 4  # a build measures one folder at a time, beside the capacity script's


class _Server:
    """A launch server: forks a leader for each script it is asked to run."""

    def __init__(self, python: str, folder: Path, env: dict[str, str]) -> None:
        self.lock, self.env = threading.Lock(), env
        self.socket, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        # the folder is an argument too, for a wrapper that mounts the paths it is given
        command = [python, "-I", "-S", "-c", SERVER, str(theirs.fileno()), str(folder)]
        where = next(path for path in (folder, *folder.parents) if path.is_dir())  # a missing script fails as it runs
        with theirs:
            self.proc = subprocess.Popen(
                command,
                cwd=where,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                pass_fds=(theirs.fileno(),),
                start_new_session=True,  # Ctrl-C at a terminal is the runner's to handle
            )

    def lead(self, request: dict, fds: list[int]) -> int:
        """Have a leader start ``request``; its pid, which is its process group's id."""
        with self.lock:
            passed = [(socket.SOL_SOCKET, socket.SCM_RIGHTS, array.array("i", fds))]
            self.socket.sendmsg([repr(request).encode()], passed)
            try:
                pid = self.socket.recv(64)
            except BaseException:  # interrupted (Ctrl-C): the leader starts the script all the same
                self.socket.settimeout(1)
                with contextlib.suppress(OSError, ValueError):
                    kill_group(int(self.socket.recv(64)))
                self.socket.settimeout(None)
                raise
        if not pid:
            raise OSError(f"the launch server for {self.proc.args[0]} exited with status {self.proc.poll()}")
        return int(pid)

    def close(self) -> None:
        self.socket.close()  # it leaves at end of file
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


_servers: dict[tuple[str, Path], _Server] = {}
_servers_lock = threading.Lock()


def _server(python: str, folder: Path, env: dict[str, str]) -> _Server:
    """The launch server for ``python`` in ``folder``, started if there is none alive."""
    with _servers_lock:
        server = _servers.pop((python, folder), None)
        if server is not None and server.proc.poll() is not None:
            server.close()
            server = None
        if server is None:
            while len(_servers) >= SERVERS_KEPT:
                _servers.pop(next(iter(_servers))).close()  # the one used longest ago
            server = _Server(python, folder, env)
        _servers[(python, folder)] = server  # now the newest
        return server


@atexit.register
def close_servers() -> None:
    with _servers_lock:
        while _servers:
            _servers.popitem()[1].close()


@dataclass
class _Launched:
    """A script started by a leader: the leader's pid, the output readers and report pipe."""

    pid: int  # the leader's, and its process group's id
    readers: list[_Capture]
    report: int  # read end of the leader's report pipe
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
        reported: dict = {}
        waiter = threading.Thread(target=_read_report, args=(launched.report, reported), daemon=True)
        waiter.start()
        try:
            timed_out = _wait_or_kill(launched.pid, waiter, timeout)
        finally:
            kill_group(launched.pid)  # children it left behind, or all of it on Ctrl-C
            if waiter.is_alive():  # interrupted: the report pipe closes once the group is dead
                waiter.join()
        wall = time.perf_counter() - launched.started
        contention = _contention(launched, reported, wall)
        for reader in launched.readers:
            reader.join(timeout=5)  # a grandchild holding the pipe is dead by now
        files = _data_files(Path(scratch))
    return _result(reported, launched.readers, timed_out, wall, contention, files)


def _launch(python: str, command: list[str], scratch: str, env: dict[str, str] | None, cap: int) -> _Launched:
    """Have a leader start ``command`` in its own session, and start the readers of its output."""
    child_env = {k: v for k, v in os.environ.items() if k not in UNSET}
    child_env.update({"PYTHONDONTWRITEBYTECODE": "1", **(env or {})})
    server = _server(python, Path(command[0]).parent, child_env)
    pipes = [os.pipe() for _ in range(3)]  # stdout, stderr, report
    changed = {name: value for name, value in child_env.items() if server.env.get(name) != value}
    gone = [name for name in server.env if name not in child_env]
    request = {"argv": command, "set": changed, "unset": gone, "cwd": scratch, "grace": LEFTOVER_GRACE}
    busy, ours = machine_busy(), time.process_time()
    started = time.perf_counter()
    try:
        pid = server.lead(request, [write for _, write in pipes])
    except BaseException:
        for read, _ in pipes:
            os.close(read)
        raise
    finally:
        for _, write in pipes:
            os.close(write)
    readers = [_Capture(os.fdopen(read, "rb"), cap) for read, _ in pipes[:2]]
    for reader in readers:
        reader.start()
    return _Launched(pid, readers, pipes[2][0], started, busy, ours)


def _wait_or_kill(pgid: int, waiter: threading.Thread, timeout: float) -> bool:
    """Wait for ``waiter`` to read the leader's report; at the timeout, kill its group. Timed out?"""
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


def _read_report(fd: int, reported: dict) -> None:
    """Read what the leader reports, to the end of the pipe (which comes when the leader
    exits or is killed); keep it in ``reported``, or nothing if the script did not end."""
    with os.fdopen(fd, "rb") as report:
        line = report.read()
    try:
        found = ast.literal_eval(line.decode())
    except (ValueError, SyntaxError, UnicodeDecodeError):
        return
    if isinstance(found, dict):
        reported.update(found)


def _contention(launched: _Launched, reported: dict, wall: float) -> float:
    """Cores that processes other than the runner and the script kept busy meanwhile."""
    spent = reported.get("spent", 0.0)  # the leader and all it waited for
    others = machine_busy() - launched.busy - (time.process_time() - launched.ours) - spent
    return max(0.0, others - TICKS) / wall


def _result(
    reported: dict,
    readers: list[_Capture],
    timed_out: bool,
    wall: float,
    contention: float,
    files: dict[str, str],
) -> Run:
    """The Run: the leader's report if it saw the script end, else what the runner saw."""
    if reported:
        wall, cpu = float(reported["wall"]), float(reported["cpu"])
        rss, status = int(reported["peak_rss_kib"]), int(reported["status"])
    else:  # killed before the script ended (at the timeout, on Ctrl-C), or it never started
        cpu, rss = 0.0, 0
        status = signal.SIGKILL if timed_out else 127 << 8  # 127: as a shell says "could not run it"
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


def _data_files(scratch: Path) -> dict[str, str]:
    """The CSV and JSON files a script left in its working directory."""
    found = {}
    for path in sorted(scratch.rglob("*")):
        if path.suffix in DATA_SUFFIXES and path.is_file() and not path.is_symlink():
            with path.open("rb") as data:
                found[str(path.relative_to(scratch))] = decode(data.read(DATA_CAP))
    return found
