"""CPU work done in C, eight SHA-256 digests one after another.

The baseline of the hashlib workload. Each task hashes the same buffer several
times. The hashing itself is C code in OpenSSL; Python only makes the calls.
"""

import hashlib

TASKS = 8
# 1 MiB per call: hashlib releases the GIL above 2047 bytes
BUFFER = bytes(1024 * 1024)
CALLS = 40  # per task: 40 MiB hashed


def digest(task: int) -> str:
    sha = hashlib.sha256()
    for _ in range(CALLS):
        sha.update(BUFFER)
    return sha.hexdigest()


def main() -> None:
    digests = [digest(task) for task in range(TASKS)]
    print(
        f"{TASKS} tasks hashing {CALLS} MiB each, one after another:"
        f" digest {digests[0][:16]}…"
    )


if __name__ == "__main__":
    main()
