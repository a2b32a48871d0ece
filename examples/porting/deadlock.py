"""A deadlock from lock ordering, found by faulthandler.dump_traceback_later.

Two threads each hold one lock and wait for the other's: A then B in one thread,
B then A in the other. Neither can go on. faulthandler.dump_traceback_later(t)
arms a watchdog that, if the program is still running after t seconds, writes
the traceback of every thread: the stuck ones show the line they wait on. Here
each wait has a timeout, so the program gives up and exits cleanly; then the
same two threads run again, both taking the locks in one agreed order.
"""

import faulthandler
import sys
import threading

GIVE_UP = 0.4  # seconds a thread waits for its second lock


def transfer(first, second, both_hold_one, gave_up: list) -> None:
    with first:
        if both_hold_one:
            both_hold_one.wait()  # each thread now holds its first lock
        if second.acquire(timeout=GIVE_UP):  # the stuck line in the dump
            second.release()
        else:
            gave_up.append(threading.current_thread().name)


def run(order_1: tuple, order_2: tuple, both_hold_one=None) -> list:
    """Two threads, each taking its two locks in the order given."""
    gave_up: list = []
    threads = [
        threading.Thread(target=transfer, args=(*order, both_hold_one, gave_up))
        for order in (order_1, order_2)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return gave_up


def main() -> None:
    a, b = threading.Lock(), threading.Lock()
    print("opposite orders, (A, B) and (B, A): a deadlock")
    sys.stdout.flush()  # faulthandler writes to the file descriptor directly
    faulthandler.dump_traceback_later(0.2, file=sys.stdout)  # the watchdog
    gave_up = run((a, b), (b, a), both_hold_one=threading.Barrier(2))
    faulthandler.cancel_dump_traceback_later()
    print(f"opposite orders: threads that gave up waiting: {len(gave_up)}")

    gave_up = run((a, b), (a, b))  # one agreed order: no cycle, no deadlock
    print(f"one order, (A, B): threads that gave up waiting: {len(gave_up)}")


if __name__ == "__main__":
    main()
