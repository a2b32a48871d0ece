"""The two processes of cpu_processes.py with no work to do: what they cost.

Timed from outside, this run is what cpu_processes.py pays besides its work: the
interpreter's start-up, the import of multiprocessing, starting two processes
by this interpreter's default start method (fork, forkserver or spawn), one
message back from each through a queue, and waiting for them to end.
"""

from multiprocessing import Process, Queue


def idle(task: int, done: Queue) -> None:
    done.put(task)  # the one message cpu_processes.py sends back too


def main() -> None:
    done = Queue()
    processes = [Process(target=idle, args=(n, done)) for n in (1, 2)]
    for process in processes:
        process.start()
    first, second = sorted(done.get() for _ in processes)  # before joining
    for process in processes:
        process.join()
    print(f"tasks {first} and {second} started, did nothing, and ended")


if __name__ == "__main__":
    main()
