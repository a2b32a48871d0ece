"""CPU work done in C, eight SHA-256 digests shared by N threads: in parallel.

``sha.update`` releases the GIL while OpenSSL hashes a buffer larger than 2047
bytes, so while one thread hashes, another can run, even on a GIL build. The
threads use as many cores as the machine gives this program. Run it as
``python hash_threads.py N``.
"""

import hashlib
import sys
from concurrent.futures import ThreadPoolExecutor

TASKS = 8
# 1 MiB per call: hashlib releases the GIL above 2047 bytes
BUFFER = bytes(1024 * 1024)
CALLS = 40  # per task, as in hash_sequential.py


def digest(task: int) -> str:
    sha = hashlib.sha256()
    for _ in range(CALLS):
        sha.update(BUFFER)  # the GIL is released in here
    return sha.hexdigest()


def main() -> None:
    workers = int(sys.argv[1]) if len(sys.argv) > 1 else 4
    with ThreadPoolExecutor(max_workers=workers) as pool:
        digests = list(pool.map(digest, range(TASKS)))
    print(
        f"{TASKS} tasks hashing {CALLS} MiB each on {workers} threads:"
        f" digest {digests[0][:16]}…"
    )


if __name__ == "__main__":
    main()
