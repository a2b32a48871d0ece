"""The runner's side of the POSIX launch server (:mod:`measured.launch.leader` ``serve``).

One server per interpreter command and script folder, started with the first run of the
folder and kept for the next (the last :data:`SERVERS_KEPT`, in a :class:`Servers` that the
launcher of a build owns): starting an interpreter for each run cost the runner 20 ms of it.
The server forks a leader for each run, which starts the script in a session of its own
and reports on the pipe it was handed. The
runner starts the server with the command it found (a wrapper or a shim, perhaps), in
the script's folder, and passes the folder as an argument too, for a wrapper that mounts
the paths it is given; the leader runs the script with the server's own sys.executable,
which is the interpreter itself where it runs (inside a wrapper's chroot, the runner's
path may not exist). Linux makes the leader the script's subreaper; macOS cannot.
"""

from __future__ import annotations

import array
import contextlib
import os
import signal
import socket
import subprocess
import threading
from pathlib import Path

from . import leader

SERVERS_KEPT = 4  # a build measures one folder at a time, beside the capacity script's
LEFTOVER_GRACE = 0.25  # seconds a leader waits for what the script left behind (a forkserver) to end


def kill_group(pgid: int) -> None:
    """SIGKILL every process left in the group; quiet if none is left."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, signal.SIGKILL)


class _Server:
    """A launch server: forks a leader for each script it is asked to run."""

    def __init__(self, python: str, folder: Path, env: dict[str, str], subreaper: bool) -> None:
        self.lock, self.env = threading.Lock(), env
        self.socket, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        command = [python, "-I", "-S", leader.__file__, "serve", str(theirs.fileno()), str(folder)]
        command += ["--subreaper"] if subreaper else []
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
        body = repr(request).encode()
        with self.lock:
            passed = [(socket.SOL_SOCKET, socket.SCM_RIGHTS, array.array("i", fds))]
            self.socket.sendmsg([leader.HEADER.pack(len(body)) + body], passed)
            try:
                pid = self._answer()
            except BaseException:  # interrupted (Ctrl-C): the leader starts the script all the same
                self.socket.settimeout(1)
                with contextlib.suppress(OSError, ValueError):
                    kill_group(int(self._answer()))
                self.socket.settimeout(None)
                raise
        if not pid:
            raise OSError(f"the launch server for {self.proc.args[0]} exited with status {self.proc.poll()}")
        return int(pid)

    def _answer(self) -> bytes:
        """The leader's pid, up to its newline (empty if the server is gone)."""
        answer = b""
        while not answer.endswith(b"\n"):
            chunk = self.socket.recv(64)
            if not chunk:
                return b""
            answer += chunk
        return answer

    def close(self) -> None:
        self.socket.close()  # it leaves at end of file
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


class Servers:
    """The launch servers one launcher keeps: one per interpreter command and script folder, the
    last :data:`SERVERS_KEPT` used. Closed with :meth:`close` (its launcher's owner does, or the
    interpreter's exit), and in any case each server leaves when the runner is gone."""

    def __init__(self, subreaper: bool) -> None:
        self.subreaper = subreaper  # Linux: each leader is its script's subreaper
        self.running: dict[tuple[str, Path], _Server] = {}  # the one used longest ago first
        self.lock = threading.Lock()

    def server(self, python: str, folder: Path, env: dict[str, str]) -> _Server:
        """The launch server for ``python`` in ``folder``, started if there is none alive."""
        key = (python, folder)
        with self.lock:
            server = self.running.pop(key, None)
            if server is not None and server.proc.poll() is not None:
                server.close()
                server = None
            if server is None:
                while len(self.running) >= SERVERS_KEPT:
                    self.running.pop(next(iter(self.running))).close()  # the one used longest ago
                server = _Server(python, folder, env, self.subreaper)
            self.running[key] = server  # now the newest
            return server

    def close(self) -> None:
        with self.lock:
            while self.running:
                self.running.popitem()[1].close()

    def start(self, python: str, argv: list[str], cwd: str, env: dict[str, str], output: tuple[int, int]) -> Served:
        """Have a leader start ``python argv`` in ``cwd`` with ``env``, writing to the ``output`` pipes."""
        server = self.server(python, Path(argv[0]).parent, env)
        changed = {name: value for name, value in env.items() if server.env.get(name) != value}
        gone = [name for name in server.env if name not in env]
        request = {"argv": argv, "set": changed, "unset": gone, "cwd": cwd, "grace": LEFTOVER_GRACE}
        read, write = os.pipe()
        try:
            pid = server.lead(request, [*output, write])
        except BaseException:
            os.close(read)
            raise
        finally:
            os.close(write)
        return Served(pid, read)


class Served:
    """A script started by a leader of a launch server."""

    def __init__(self, pid: int, report: int) -> None:
        self.pid = pid  # the leader's, and its process group's id
        self._report = report  # read end of the leader's report pipe

    def wait(self) -> dict:
        """The leader's report, read to the end of the pipe (which comes when the leader exits
        or is killed); empty if the script did not end."""
        with os.fdopen(self._report, "rb") as report:
            return leader.parse_report(report.read())

    def kill(self) -> None:
        kill_group(self.pid)
