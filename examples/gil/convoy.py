"""The convoy effect: an I/O thread waits for the GIL behind a CPU-bound thread.

An echo server runs in a thread of this process; a client in another process sends
it short messages over 127.0.0.1 and times each round trip. Each time the server's
socket read returns, its thread must take the GIL back; beside a busy thread it gets
it only when that thread is made to let go, once per switch interval.
"""

import json
import multiprocessing
import socket
import statistics
import sys
import threading
import time

REQUESTS = 12  # round trips timed per setting
# Seconds between requests. After each reply the server thread queues for the GIL
# once more; over two switch intervals apart, every request finds it back in recv().
GAP = 0.012


def spin(stop) -> None:  # CPU-bound pure Python: holds the GIL while it runs
    while not stop.is_set():
        pass


def echo(server: socket.socket) -> None:
    connection, _ = server.accept()
    with connection, server:
        while message := connection.recv(64):
            connection.sendall(message)


def client(address: tuple[str, int], results: multiprocessing.Queue) -> None:
    times = []
    with socket.create_connection(address) as connection:
        connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        for _ in range(REQUESTS):
            time.sleep(GAP)  # requests arrive now and then, not back to back
            sent = time.perf_counter()
            connection.sendall(b"ping")
            connection.recv(64)
            times.append(time.perf_counter() - sent)
    results.put(times)


def round_trips(interval: float, busy: str) -> list[float]:
    sys.setswitchinterval(interval)
    server = socket.create_server(("127.0.0.1", 0))
    results = multiprocessing.Queue()
    stop = multiprocessing.Event() if busy == "process" else threading.Event()
    # processes first, while this process still has a single thread
    processes = [
        multiprocessing.Process(target=client, args=(server.getsockname(), results))
    ]
    processes += (
        [multiprocessing.Process(target=spin, args=(stop,))]
        if busy == "process"
        else []
    )
    threads = [threading.Thread(target=echo, args=(server,))]
    threads += (
        [threading.Thread(target=spin, args=(stop,))] if busy == "thread" else []
    )
    for worker in processes + threads:
        worker.start()
    times = results.get()
    stop.set()
    for worker in processes + threads:
        worker.join()
    return times


def main() -> None:
    default = sys.getswitchinterval()
    bars, medians = [], {}
    for key, label, interval, busy in [
        ("alone", "alone", default, ""),
        (
            "thread_default",
            f"with a busy thread, interval {default * 1000:g} ms",
            default,
            "thread",
        ),
        ("thread_1ms", "with a busy thread, interval 1 ms", 0.001, "thread"),
        ("thread_0_1ms", "with a busy thread, interval 0.1 ms", 0.0001, "thread"),
        (
            "process",
            f"with a busy process, interval {default * 1000:g} ms",
            default,
            "process",
        ),
    ]:
        times = round_trips(interval, busy)
        medians[key] = statistics.median(times) * 1000
        bars.append({"label": label, "value": medians[key]})
        slowest = max(times) * 1000
        print(
            f"{label:36}: median {medians[key]:6.3f} ms, slowest {slowest:6.3f} ms"
        )
    title = "Median round trip to an echo server thread over 127.0.0.1"
    with open("latency.json", "w") as file:
        json.dump({"title": title, "unit": "ms", "bars": bars, **medians}, file)


if __name__ == "__main__":
    main()
