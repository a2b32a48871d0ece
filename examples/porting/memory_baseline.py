"""The baseline for memory.py: the same interpreter, threading imported, no records.

Its peak resident memory is what the interpreter itself needs on each build; the
difference from memory.py is what the 200,000 records cost.
"""

import threading


def main() -> None:
    print(f"threads alive: {threading.active_count()}; no records built")


if __name__ == "__main__":
    main()
