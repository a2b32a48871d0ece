"""The machine's parallel capacity right now, measured beside a group of examples.

``python capacity.py N`` forks N processes that each run the same pure-Python loop,
and waits for them; where there is no fork (Windows) it starts N interpreters with
``python capacity.py spin``, whose start-up then counts in both runs. The runner times
it from outside like any example; with the wall time of one process, t(1), and of N at
once, t(N), measured in the same round, the machine gave independent processes
N × t(1) / t(N) cores' worth of work: about N on an idle machine with N free cores,
less when other work shares them. Claims on parallel speed-ups are stated against this
(``capacity()`` in a claim), not against a nominal core count.

Runs on the measured interpreter: CPython 3.8 or later, standard library only.
"""

import os
import sys

STEPS = 1_500_000  # under 0.1 s on a fast core; its start-up cost cancels out in the ratio


def spin() -> None:
    total = 0
    for step in range(STEPS):
        total += step


def main() -> None:
    if sys.argv[1] == "spin":
        spin()
        return
    if not hasattr(os, "fork"):
        import subprocess

        started = [subprocess.Popen([sys.executable, __file__, "spin"]) for _ in range(int(sys.argv[1]))]
        for child in started:
            child.wait()
        return
    children = []
    for _ in range(int(sys.argv[1])):
        pid = os.fork()
        if pid == 0:
            spin()
            os._exit(0)
        children.append(pid)
    for pid in children:
        os.waitpid(pid, 0)


if __name__ == "__main__":
    main()
