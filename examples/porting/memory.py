"""The program whose peak memory the page compares across builds: 200,000 records.

Four threads each build 50,000 small objects (a class with __slots__ and two int
fields), the main thread merges the four lists into one and keeps them all alive
to the end. The runner measures the peak resident memory of the whole process
from outside; memory_baseline.py is the same interpreter doing nothing, so the
difference is what the records cost on each build.
"""

import threading

THREADS, PER_THREAD = 4, 50_000


class Record:
    __slots__ = ("key", "value")

    def __init__(self, key: int, value: int) -> None:
        self.key = key
        self.value = value


def build(first: int, out: list) -> None:
    out.extend(Record(key, key * 3) for key in range(first, first + PER_THREAD))


def main() -> None:
    parts: list[list] = [[] for _ in range(THREADS)]
    threads = [
        threading.Thread(target=build, args=(i * PER_THREAD, parts[i]))
        for i in range(THREADS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    records = [record for part in parts for record in part]
    print(f"{len(records):,} records built by {THREADS} threads")


if __name__ == "__main__":
    main()
