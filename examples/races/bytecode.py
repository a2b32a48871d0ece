"""The bytecode of `counter += 1` in a loop: where may the GIL change hands?

The increment is several instructions: load the counter, add, store it back. A
thread is asked to hand over the GIL only at a few kinds of instruction; in the
loop below, that is the jump back to the loop's start, after the store.
"""

import dis

counter = 0


def add() -> None:
    global counter
    for _ in range(3):
        counter += 1


def main() -> None:
    dis.dis(add)


if __name__ == "__main__":
    main()
