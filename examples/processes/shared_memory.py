"""Shared memory: workers read one block of memory instead of receiving copies.

The parent writes a million 8-byte integers into a SharedMemory block. Each worker
is sent only the block's name and the range to sum; it attaches to the block and
reads the numbers where they are. What crosses the pipe is a few dozen bytes.
"""

import pickle
from array import array
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import shared_memory

COUNT = 10**6


def partial_sum(name: str, start: int, stop: int) -> int:
    block = shared_memory.SharedMemory(name=name)  # attach: nothing is copied
    numbers = block.buf.cast("q")  # view the bytes as signed 64-bit integers
    total = sum(numbers[start:stop])
    numbers.release()  # a block cannot be closed while a view of it exists
    block.close()
    return total


def main() -> None:
    numbers = array("q", range(COUNT))
    block = shared_memory.SharedMemory(create=True, size=numbers.itemsize * COUNT)
    try:
        block.buf[:] = memoryview(numbers).cast("B")
        half = COUNT // 2
        jobs = [(block.name, 0, half), (block.name, half, COUNT)]
        with ProcessPoolExecutor(max_workers=2) as pool:
            total = sum(pool.submit(partial_sum, *job).result() for job in jobs)
        print(f"sum from two workers: {total:,} (expected {sum(range(COUNT)):,})")
        sent = len(pickle.dumps(jobs[0]))
        copied = len(pickle.dumps(numbers.tolist()[:half]))
        print(f"pickled per job:                  {sent:>9,} bytes")
        print(f"pickled per job, sending numbers: {copied:>9,} bytes")
    finally:
        block.close()
        block.unlink()  # free the block; close() only detaches this process


if __name__ == "__main__":
    main()
