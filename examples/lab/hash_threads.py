"""CPU work done in C, eight SHA-256 digests shared by N threads: in parallel.

``sha.update`` releases the GIL while OpenSSL hashes a buffer larger than 2047
bytes, so while one thread hashes, another can run, even on a GIL build. The
threads use as many cores as the machine gives this program; the last line says
how many they kept busy while they ran (the process's processor time over the time
from the first task's start to the last one's end). Run it as
``python hash_threads.py N``.
"""

import hashlib
import sys
import time
from concurrent.futures import ThreadPoolExecutor

TASKS = 8
# 1 MiB per call: hashlib releases the GIL above 2047 bytes
BUFFER = bytes(1024 * 1024)
CALLS = 40  # per task, as in hash_sequential.py


def digest(task: int) -> tuple:
    started = time.perf_counter(), time.process_time()
    sha = hashlib.sha256()
    for _ in range(CALLS):
        sha.update(BUFFER)  # the GIL is released in here
    # process_time counts every thread of the process
    return sha.hexdigest(), started, (time.perf_counter(), time.process_time())


def main() -> None:
    workers = int(sys.argv[1]) if len(sys.argv) > 1 else 4
    with ThreadPoolExecutor(max_workers=workers) as pool:
        results = list(pool.map(digest, range(TASKS)))
    digests, starts, ends = zip(*results, strict=True)
    (wall_0, cpu_0), (wall_1, cpu_1) = min(starts), max(ends)
    busy = (cpu_1 - cpu_0) / (wall_1 - wall_0)
    print(f"{TASKS} digests on {workers} threads, the first {digests[0][:16]}…")
    print(f"while they ran: {busy:.2f} cores kept busy on average")


if __name__ == "__main__":
    main()
