"""CPU work done in C, eight SHA-256 digests shared by N processes: at a price.

Processes also hash in parallel, but they buy nothing here that threads did not
already have, and they cost more to start. The last line says how many cores the
workers kept busy while the tasks ran, as in cpu_processes.py. Run it as
``python hash_processes.py N``.
"""

import hashlib
import sys
import time
from concurrent.futures import ProcessPoolExecutor

TASKS = 8
BUFFER = bytes(1024 * 1024)  # 1 MiB per call, as in hash_sequential.py
CALLS = 40  # per task


def digest(task: int) -> tuple:
    started, cpu = time.perf_counter(), time.process_time()
    sha = hashlib.sha256()
    for _ in range(CALLS):
        sha.update(BUFFER)
    # perf_counter is one clock for every process, process_time this worker's own
    return sha.hexdigest(), time.process_time() - cpu, started, time.perf_counter()


def main() -> None:
    workers = int(sys.argv[1]) if len(sys.argv) > 1 else 4
    with ProcessPoolExecutor(max_workers=workers) as pool:
        results = list(pool.map(digest, range(TASKS)))
    digests, cpu, starts, ends = zip(*results, strict=True)
    busy = sum(cpu) / (max(ends) - min(starts))
    print(f"{TASKS} digests in {workers} processes, the first {digests[0][:16]}…")
    print(f"while they ran: {busy:.2f} cores kept busy on average")


if __name__ == "__main__":
    main()
