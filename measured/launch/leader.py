"""The program that starts each script and measures it from beside it: a *leader*.

It runs on the interpreter being measured (CPython 3.8 or later, standard library only,
started as ``python -I -S leader.py ...``), never on the build's, so it imports nothing
of the runner. Two ways to use it:

``leader.py serve FD [--subreaper]`` (POSIX)
    A launch server on the stream socket FD: for each request the runner sends, it forks
    a leader, which takes a session of its own, forks the script onto the output pipes it
    was handed and reports how the script ended. A framed request is a 4-byte length, then
    the request; its three descriptors (stdout, stderr, report pipe) travel with the
    length as SCM_RIGHTS. The leader answers with its pid and a newline. The server leaves
    at the end of the stream, when the runner is gone. With ``--subreaper`` (Linux), the
    leader is the script's subreaper: a process the script leaves behind (a forkserver, a
    resource tracker) becomes the leader's child, and is reaped and counted if it ends
    within the grace period.

``leader.py run REPORT CWD GRACE ARGV...`` (any OS)
    Start ARGV in CWD with :mod:`subprocess`, wait, and write the report to the file
    REPORT. The runner has made this process the head of its group (POSIX) or put it in a
    Job Object (Windows) and kills that whole tree afterwards.

The report is a dict literal (not JSON: importing json costs 20 ms on a slow machine):
``exit_code`` (negative: killed by that signal), ``wall`` (seconds), ``cpu`` (the
script's user + system seconds, with those of the children it waited for on POSIX),
``peak_rss_kib`` (its largest resident set, in KiB on every OS) and ``spent`` (all the
processor time the leader and what it waited for used, for the contention figure).

Why the script is not started by the runner itself: a process started straight from
the runner would inherit the runner's memory high-water mark through exec (Linux keeps
it in ru_maxrss), and its peak memory would read as the runner's.
"""

import array
import ast
import os
import socket
import struct
import sys
import time

HEADER = struct.Struct("!I")  # a request's length
FDS = 3  # stdout, stderr, report


def parse_report(data):
    """The report a leader wrote (bytes or text); an empty dict if there is none or it is unreadable
    (the leader was killed before the script ended). Used by the runner."""
    try:
        found = ast.literal_eval(data.decode() if isinstance(data, bytes) else data)
    except (ValueError, SyntaxError, UnicodeDecodeError):
        return {}
    return found if isinstance(found, dict) else {}


def exit_code(status):
    """os.waitstatus_to_exitcode, which 3.8 lacks."""
    if os.WIFSIGNALED(status):
        return -os.WTERMSIG(status)
    return os.WEXITSTATUS(status)


def kib(maxrss):
    """ru_maxrss in KiB: macOS gives bytes, Linux and the BSDs KiB."""
    return maxrss // 1024 if sys.platform == "darwin" else maxrss


def reap_leftovers(grace):
    """Reap the children that end within ``grace`` seconds (as subreaper: what the script left)."""
    deadline = time.perf_counter() + grace
    while time.perf_counter() < deadline:
        try:
            if os.waitpid(-1, os.WNOHANG)[0] == 0:
                time.sleep(0.005)
        except ChildProcessError:
            break


def posix_report(status, wall):
    """What the script (and all this leader waited for) used, from the kernel's accounting."""
    import resource

    script, own = resource.getrusage(resource.RUSAGE_CHILDREN), resource.getrusage(resource.RUSAGE_SELF)
    return {
        "exit_code": exit_code(status),
        "wall": wall,
        "cpu": script.ru_utime + script.ru_stime,
        "peak_rss_kib": kib(script.ru_maxrss),
        "spent": script.ru_utime + script.ru_stime + own.ru_utime + own.ru_stime,
    }


def windows_report(process, wall):
    """The same from Windows' accounting of the script's process (its children are not in it)."""
    import ctypes
    from ctypes import wintypes

    class Counters(ctypes.Structure):  # PROCESS_MEMORY_COUNTERS
        _fields_ = [("cb", wintypes.DWORD), ("PageFaultCount", wintypes.DWORD)] + [
            (name, ctypes.c_size_t)
            for name in (
                "PeakWorkingSetSize",
                "WorkingSetSize",
                "QuotaPeakPagedPoolUsage",
                "QuotaPagedPoolUsage",
                "QuotaPeakNonPagedPoolUsage",
                "QuotaNonPagedPoolUsage",
                "PagefileUsage",
                "PeakPagefileUsage",
            )
        ]

    handle = wintypes.HANDLE(int(process._handle))
    times = [wintypes.FILETIME() for _ in range(4)]  # creation, exit, kernel, user
    ctypes.windll.kernel32.GetProcessTimes(handle, *(ctypes.byref(t) for t in times))
    counters = Counters()
    counters.cb = ctypes.sizeof(Counters)
    ctypes.windll.kernel32.K32GetProcessMemoryInfo(handle, ctypes.byref(counters), counters.cb)
    cpu = sum((t.dwHighDateTime << 32 | t.dwLowDateTime) for t in times[2:]) / 1e7  # 100 ns units
    return {
        "exit_code": process.returncode,
        "wall": wall,
        "cpu": cpu,
        "peak_rss_kib": counters.PeakWorkingSetSize // 1024,
        "spent": cpu + time.process_time(),
    }


def run(report_path, cwd, grace, argv):
    """The portable leader: start the script, wait for it and its leftovers, write the report."""
    import subprocess

    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, *argv], cwd=cwd, stdin=subprocess.DEVNULL)
    if os.name == "nt":
        process.wait()
        report = windows_report(process, time.perf_counter() - started)
    else:
        _, status = os.waitpid(process.pid, 0)
        wall = time.perf_counter() - started
        reap_leftovers(grace)
        report = posix_report(status, wall)
    partial = report_path + ".partial"
    with open(partial, "w") as out:
        out.write(repr(report))
    os.replace(partial, report_path)


def subreaper():
    """prctl(PR_SET_CHILD_SUBREAPER, 1) through ctypes' C core: all of ctypes adds 10 ms."""
    try:
        import _ctypes

        _ctypes.call_function(_ctypes.dlsym(_ctypes.dlopen(None), "prctl"), (36, 1, 0, 0, 0))
    except Exception:
        import ctypes

        ctypes.CDLL(None).prctl(36, 1, 0, 0, 0)


def lead(runner, request, stdout, stderr, report, reaper):
    """In a forked leader: a session of its own, the script forked onto the pipes, its report."""
    os.setsid()
    if reaper:
        subreaper()
    runner.sendall(b"%d\n" % os.getpid())  # the group the runner may kill, now that it exists
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
            os.execve(sys.executable, [sys.executable, *request["argv"]], env)
        finally:
            os._exit(127)
    _, status = os.waitpid(pid, 0)
    wall = time.perf_counter() - started
    reap_leftovers(request["grace"])
    os.write(report, repr(posix_report(status, wall)).encode())


def receive(runner):
    """The next request and its descriptors; (None, []) at the end of the stream."""
    fds = array.array("i")
    head, ancillary, _, _ = runner.recvmsg(HEADER.size, socket.CMSG_LEN(FDS * fds.itemsize))
    for level, kind, data in ancillary:
        if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:
            fds.frombytes(data[: len(data) - len(data) % fds.itemsize])
    while head and len(head) < HEADER.size:
        head += runner.recv(HEADER.size - len(head))
    if len(head) < HEADER.size:
        return None, list(fds)
    (size,) = HEADER.unpack(head)
    body = b""
    while len(body) < size:
        chunk = runner.recv(size - len(body))
        if not chunk:
            return None, list(fds)
        body += chunk
    return ast.literal_eval(body.decode()), list(fds)


def serve(fd, reaper):
    """Fork a leader for each request until the runner closes the stream."""
    runner = socket.socket(fileno=fd)
    while True:
        request, fds = receive(runner)
        if request is None:
            break  # the runner is gone
        if os.fork() == 0:
            try:
                lead(runner, request, *fds, reaper)
            except BaseException:  # on the run's stderr, once the leader has it; no report: status 127
                import traceback

                traceback.print_exc()
            finally:
                os._exit(0)
        for descriptor in fds:
            os.close(descriptor)
        try:
            while os.waitpid(-1, os.WNOHANG)[0]:  # leaders that are done
                pass
        except ChildProcessError:
            pass


if __name__ == "__main__":
    if sys.argv[1] == "serve":
        serve(int(sys.argv[2]), "--subreaper" in sys.argv[3:])
    else:
        run(sys.argv[2], sys.argv[3], float(sys.argv[4]), sys.argv[5:])
