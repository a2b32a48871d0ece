"""multiprocessing.Value and Array: typed numbers in memory that processes share.

A `Value("i")` is one C int, an `Array("d", n)` n C doubles, both in shared memory
that the child processes inherit or receive. They come with a lock, because
`total.value += 1` is a read and a write like any other: without `get_lock()`
two processes lose updates exactly as two threads do.
"""

import multiprocessing


def work(worker: int, total, squares, times: int) -> None:
    for _ in range(times):
        with total.get_lock():  # a process-shared lock
            total.value += 1
    squares[worker] = worker * worker


def main() -> None:
    total = multiprocessing.Value("i", 0)
    squares = multiprocessing.Array("d", 4)
    processes = [
        multiprocessing.Process(target=work, args=(n, total, squares, 1000))
        for n in range(4)
    ]
    for process in processes:
        process.start()
    for process in processes:
        process.join()
    print(f"total.value = {total.value:,} (4 processes x 1,000 increments)")
    print(f"squares[:] = {squares[:]}")


if __name__ == "__main__":
    main()
