"""CPU work done in C, eight SHA-256 digests shared by N processes: at a price.

Processes also hash in parallel, but they buy nothing here that threads did not
already have, and they cost more to start. Run it as ``python hash_processes.py N``.
"""

import hashlib
import sys
from concurrent.futures import ProcessPoolExecutor

TASKS = 8
BUFFER = bytes(1024 * 1024)  # 1 MiB per call, as in hash_sequential.py
CALLS = 40  # per task


def digest(task: int) -> str:
    sha = hashlib.sha256()
    for _ in range(CALLS):
        sha.update(BUFFER)
    return sha.hexdigest()


def main() -> None:
    workers = int(sys.argv[1]) if len(sys.argv) > 1 else 4
    with ProcessPoolExecutor(max_workers=workers) as pool:
        digests = list(pool.map(digest, range(TASKS)))
    print(
        f"{TASKS} tasks hashing {CALLS} MiB each in {workers} processes:"
        f" digest {digests[0][:16]}…"
    )


if __name__ == "__main__":
    main()
