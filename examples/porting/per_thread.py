"""Per-thread state: threading.local, and what a new thread sees of a ContextVar.

A threading.local() object has separate attributes in every thread. A
contextvars.ContextVar has a value per context; which context a new Thread starts
in changed in 3.14: with sys.flags.thread_inherit_context set (the default on
free-threaded builds) it starts with a copy of the context of the code that called
start(), otherwise with an empty one. Passing a context explicitly gives the
same answer everywhere.
"""

import contextvars
import sys
import threading

local = threading.local()
request_id = contextvars.ContextVar("request_id", default="none")


def worker(name: str, seen: dict) -> None:
    local.name = name  # this thread's own attribute
    seen[name] = (local.name, request_id.get())


def main() -> None:
    local.name = "main"
    request_id.set("req-42")
    flag = getattr(sys.flags, "thread_inherit_context", None)  # new in 3.14
    print(f"sys.flags.thread_inherit_context: {'absent' if flag is None else flag}")

    seen: dict = {}
    plain = threading.Thread(target=worker, args=("plain", seen))
    context = contextvars.copy_context()  # explicit: same result on every version
    explicit = threading.Thread(target=context.run, args=(worker, "explicit", seen))
    for thread in (plain, explicit):
        thread.start()
        thread.join()

    print(f"main thread keeps its own threading.local: {local.name}")
    for name, (own, value) in seen.items():
        print(f"{name:8} thread: local.name={own!r}, request_id={value!r}")
    inherited = seen["plain"][1] == "req-42"
    explicit_sees = seen["explicit"][1] == "req-42"
    print(f"a plain Thread inherits the caller's context: {int(inherited)}")
    print(f"a Thread run in copy_context() sees it: {int(explicit_sees)}")


if __name__ == "__main__":
    main()
