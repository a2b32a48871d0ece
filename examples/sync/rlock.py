"""An RLock can be taken again by the thread that holds it; a Lock cannot.

`Account.deposit` takes the lock and calls `Account.add`, which takes it too. With
an `RLock` the owner re-enters (the lock counts, and is free again only after the
last release). With a plain `Lock` the same thread would wait for itself forever:
here a timeout shows that instead of hanging.
"""

import threading


class Account:
    def __init__(self, lock) -> None:
        self.lock, self.balance = lock, 0

    def add(self, amount: int) -> None:
        with self.lock:
            self.balance += amount

    def deposit(self, amount: int) -> None:
        with self.lock:
            self.add(amount)  # takes the lock a second time


def main() -> None:
    account = Account(threading.RLock())
    account.deposit(10)
    print(f"RLock: deposit worked, balance {account.balance}")

    lock = threading.Lock()
    with lock:
        # what add() would do inside deposit(): wait for a lock we hold
        got_it = lock.acquire(timeout=0.1)
    print(f"Lock: second acquire by the same thread succeeded? {got_it}")


if __name__ == "__main__":
    main()
