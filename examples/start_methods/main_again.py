"""Does a forkserver child run your main file again?

A child started by spawn or forkserver needs this file's functions (its target is
one of them), so it imports this file, as ``__mp_main__``: spawn in every child.
forkserver is meant to do it once, in its server, and fork each child with the file
already imported (its preload list names ``__main__`` by default). Up to Python 3.13
that preload never happened, through a renamed key (gh-137996), and every forkserver
child ran this file again; 3.14 fixed it (as did later releases of 3.13).

The script starts 3 children, and each says whether it ran the file itself.
"""

import multiprocessing
import os

STARTS = 3
LOADED_IN = os.getpid()  # the process that ran this file: parent, server or child


def ran_this_file() -> None:
    """Exit with 1 when this child ran the file itself, 0 when it came with it."""
    raise SystemExit(int(os.getpid() == LOADED_IN))


def main() -> None:
    if "forkserver" not in multiprocessing.get_all_start_methods():
        print("forkserver: not offered by this OS (POSIX only)")
        return
    context = multiprocessing.get_context("forkserver")
    again = 0
    for _ in range(STARTS):
        child = context.Process(target=ran_this_file)
        child.start()
        child.join()
        again += child.exitcode
    print(f"forkserver children that ran this file again: {again} of {STARTS}")


if __name__ == "__main__":
    main()
