"""Threads over a folder of files, and the CPU ÷ wall check that says if they help.

Two jobs go over the same files, each first in one thread and then in a pool of
two: one compresses every file with zlib, whose C code releases the GIL while it
compresses; the other inverts every pixel in a Python loop, which holds the GIL.
For each threaded run the script prints the process's processor time over the
wall time: how many cores the threads kept busy. Near the number of threads, the
library releases the GIL and threads are enough; near one, the threads take
turns, and the job needs processes.
"""

import os
import tempfile
import time
import zlib
from concurrent.futures import ThreadPoolExecutor

FILES = 64
SIDE = 256  # pixels: each file is a 256 × 256 grey picture, 64 KiB
THREADS = 2


def make_files(folder: str) -> list:
    """Write FILES pictures: one pattern, shifted by a pixel from file to file."""
    picture = bytes((x * y >> 4) & 255 for y in range(SIDE) for x in range(SIDE))
    paths = []
    for n in range(FILES):
        path = os.path.join(folder, f"picture{n:03}.raw")
        with open(path, "wb") as file:
            file.write(picture[n:] + picture[:n])
        paths.append(path)
    return paths


def compress(path: str) -> int:
    with open(path, "rb") as file:
        return len(zlib.compress(file.read()))  # releases the GIL


def invert(path: str) -> int:
    with open(path, "rb") as file:
        pixels = file.read()
    return len(bytes(255 - pixel for pixel in pixels))  # holds the GIL


def timed(job, paths: list, threads: int) -> tuple:
    """Run job over paths in a pool of threads: (wall seconds, CPU ÷ wall)."""
    wall, cpu = time.perf_counter(), time.process_time()
    with ThreadPoolExecutor(max_workers=threads) as pool:
        list(pool.map(job, paths))
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return wall, cpu / wall


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        paths = make_files(folder)
        for name, job in (("zlib.compress", compress), ("Python loop  ", invert)):
            one, _ = timed(job, paths, 1)
            wall, busy = timed(job, paths, THREADS)
            print(
                f"{name}: 1 thread {one * 1000:4.0f} ms, {THREADS} threads "
                f"{wall * 1000:4.0f} ms, CPU ÷ wall {busy:.2f}"
            )


if __name__ == "__main__":
    main()
