"""max_tasks_per_child (3.11+): each worker process is replaced after N jobs.

A worker that leaks memory, or keeps state it should not, can be retired after a
fixed number of jobs. Six jobs on one worker with `max_tasks_per_child=2` run in
three different processes. The option cannot be used with the fork start method:
the pool uses forkserver where there is one, and spawn elsewhere. Each job is
submitted after the previous one finished: a backlog of queued jobs can hang the
pool when a worker retires, a bug present since 3.11 (python/cpython#115634).
"""

import multiprocessing
import os
import sys
from concurrent.futures import ProcessPoolExecutor


def which_process(_: int) -> int:
    return os.getpid()


def main() -> None:
    if sys.version_info < (3, 11):
        print("skipped: max_tasks_per_child needs Python 3.11+")
        return
    methods = multiprocessing.get_all_start_methods()
    method = "forkserver" if "forkserver" in methods else "spawn"
    context = multiprocessing.get_context(method)
    with ProcessPoolExecutor(1, mp_context=context, max_tasks_per_child=2) as pool:
        pids = [pool.submit(which_process, n).result() for n in range(6)]
    print(f"6 jobs ran in {len(set(pids))} processes ({method})")
    order = {pid: n for n, pid in enumerate(dict.fromkeys(pids), 1)}
    print("job -> process:", [order[pid] for pid in pids])


if __name__ == "__main__":
    main()
