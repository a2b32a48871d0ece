"""A process pool over a folder of small files, and what chunksize changes.

512 small pictures are inverted pixel by pixel in Python, first in this process,
then by a pool of two worker processes. Each worker gets the names of its files
and reads them itself, so that only a name and a number cross between processes.
With chunksize=1, map sends every name in a message of its own and every result
back in another; with chunksize=16, sixteen names go in one message. The pool is
started by a first run that is not timed, so only the work is timed.
"""

import os
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor

FILES = 512
SIDE = 72  # pixels: each file is a 72 × 72 grey picture, about 5 KB
WORKERS = 2


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


def invert(path: str) -> int:
    """The work for one file: read it, invert every pixel in Python."""
    with open(path, "rb") as file:
        pixels = file.read()
    return sum(bytes(255 - pixel for pixel in pixels))


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        paths = make_files(folder)
        started = time.perf_counter()
        expected = [invert(path) for path in paths]
        elapsed = (time.perf_counter() - started) * 1000
        print(f"in this process   : {elapsed:6.1f} ms")
        with ProcessPoolExecutor(max_workers=WORKERS) as pool:
            # a first run, not timed, starts the workers
            list(pool.map(invert, paths, chunksize=64))
            for chunksize in (1, 4, 16, 64):
                started = time.perf_counter()
                results = list(pool.map(invert, paths, chunksize=chunksize))
                elapsed = (time.perf_counter() - started) * 1000
                assert results == expected
                print(f"pool, chunksize={chunksize:<2}: {elapsed:6.1f} ms")


if __name__ == "__main__":
    main()
