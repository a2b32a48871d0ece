"""Eight short waits one after another: the baseline of the waiting workload.

``time.sleep`` stands in for anything a program waits for without using the
processor: a timer, a disk, a reply from another machine.
"""

import time

TASKS = 8
WAIT = 0.1  # seconds per task


def wait(task: int) -> int:
    time.sleep(WAIT)
    return task


def main() -> None:
    done = [wait(task) for task in range(TASKS)]
    print(f"{len(done)} waits of {WAIT} s, one after another")


if __name__ == "__main__":
    main()
