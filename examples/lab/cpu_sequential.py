"""Pure-Python CPU work, eight tasks one after another.

The baseline of the CPU workload. Each task counts the lines of a 1.4 MB text
byte by byte, in Python (``bytes.count`` would do it in C). The interpreter executes
every step of the loop and holds the GIL the whole time. The threads and processes
versions do exactly the same eight tasks.
"""

TASKS = 8
TEXT = b"It was the best of times, it was the worst of times.\n" * 26_400  # 1.4 MB


def count_lines(task: int) -> int:
    lines = 0
    for byte in TEXT:  # 1.4 million steps of the loop per task
        if byte == 10:  # b"\n"
            lines += 1
    return lines


def main() -> None:
    counts = [count_lines(task) for task in range(TASKS)]
    print(f"{TASKS} tasks, one after another, each counted {counts[0]:,} lines")


if __name__ == "__main__":
    main()
