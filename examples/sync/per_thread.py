"""Per-thread state: threading.local, and contextvars, which follow a task too.

A `threading.local()` object has a separate set of attributes in each thread. A
`contextvars.ContextVar` has a value per *context*: each thread has its own, and so
does each asyncio task, which a thread-local cannot tell apart (all tasks of a loop
run in one thread). A new thread starts from an empty context on the GIL build; on
a free-threaded 3.14 it starts from a copy of its starter's, unless
`sys.flags.thread_inherit_context` is turned off.
"""

import asyncio
import contextvars
import sys
import threading

local = threading.local()
request_id = contextvars.ContextVar("request_id", default="unset")


def in_thread(name: str, seen: dict) -> None:
    local.name = name  # visible to this thread only
    seen[name] = (local.name, request_id.get())


async def handle(number: int) -> str:
    request_id.set(f"req-{number}")  # each task runs in a copy of the context
    await asyncio.sleep(0)  # let the other tasks run and set theirs
    return f"{request_id.get()} in {threading.current_thread().name}"


async def serve() -> list:
    return await asyncio.gather(*(handle(n) for n in range(3)))


def main() -> None:
    local.name = "main"
    request_id.set("req-main")
    seen = {}
    for name in ("worker-1", "worker-2"):
        thread = threading.Thread(target=in_thread, args=(name, seen))
        thread.start()
        thread.join()
    for name, (local_name, var) in seen.items():
        print(f"{name}: local.name={local_name!r}, request_id={var!r}")
    print(f"main: local.name={local.name!r}, request_id={request_id.get()!r}")
    print("asyncio tasks:", asyncio.run(serve()))
    inherit = getattr(sys.flags, "thread_inherit_context", "absent before 3.14")
    print(f"sys.flags.thread_inherit_context: {inherit}")


if __name__ == "__main__":
    main()
