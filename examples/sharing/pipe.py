"""A Pipe connects two processes: each end can send and receive pickled objects.

`Pipe()` returns two connections (two-way by default). The parent keeps one, the
child gets the other; `send` pickles an object and `recv` waits for the next one.
It is the building block under `multiprocessing.Queue`, with less overhead and
room for only two ends.
"""

import multiprocessing


def square_server(connection) -> None:
    while (number := connection.recv()) is not None:  # None: stop
        connection.send(number * number)
    connection.close()


def main() -> None:
    here, there = multiprocessing.Pipe()
    child = multiprocessing.Process(target=square_server, args=(there,))
    child.start()
    for number in (3, 4, 5):
        here.send(number)
        print(f"sent {number}, received {here.recv()}")
    here.send(None)
    child.join()


if __name__ == "__main__":
    main()
