"""Sharing immutable data: build it before the threads start, then only read it.

A tuple, a frozenset or a read-only view of a dict (types.MappingProxyType) cannot
be changed after it is built, so threads can read it at the same time with no lock:
there is no write to race with. Build the shared data first, freeze it, then start
the threads.
"""

import threading
import types

RATES = types.MappingProxyType({"EUR": 1.0, "USD": 1.08, "GBP": 0.85})
CURRENCIES = frozenset(RATES)
THREADS = 4


def convert(amounts: tuple, results: list, index: int) -> None:
    total = sum(
        value * RATES[code] for code, value in amounts if code in CURRENCIES
    )
    results[index] = round(total, 2)  # each thread writes only its own slot


def main() -> None:
    amounts = (("EUR", 10.0), ("USD", 20.0), ("GBP", 30.0), ("CHF", 5.0)) * 1000
    results = [None] * THREADS
    threads = [
        threading.Thread(target=convert, args=(amounts, results, i))
        for i in range(THREADS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print(f"{THREADS} threads read the same table and got: {results}")
    print(f"different answers: {len(set(results)) - 1}")
    try:
        RATES["EUR"] = 2.0  # type: ignore[index]
    except TypeError as error:
        print(f"writing to it fails: TypeError: {error}")


if __name__ == "__main__":
    main()
