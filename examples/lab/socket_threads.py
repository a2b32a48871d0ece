"""Eight requests to a slow local server from N threads: the waits overlap.

The server is the one of socket_sequential.py, started by this script on 127.0.0.1.
A thread blocked in ``recv`` does not hold the GIL, so the other threads send their
requests meanwhile. Run it as ``python socket_threads.py N``.
"""

import socket
import socketserver
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

TASKS = 8
DELAY = 0.025  # seconds the server takes to answer a request


class SlowHandler(socketserver.BaseRequestHandler):
    def handle(self) -> None:
        question = self.request.recv(64)
        time.sleep(DELAY)  # the server's own work before it answers
        self.request.sendall(b"answer to " + question)


def start_server() -> tuple[str, int]:
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), SlowHandler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server.server_address


def fetch(address: tuple[str, int], task: int) -> bytes:
    with socket.create_connection(address) as connection:
        connection.sendall(f"request {task}".encode())
        # blocks, with the GIL released, until the answer comes
        return connection.recv(64)


def main() -> None:
    workers = int(sys.argv[1]) if len(sys.argv) > 1 else 4
    address = start_server()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        answers = list(pool.map(fetch, [address] * TASKS, range(TASKS)))
    last = answers[-1].decode()
    print(
        f"{len(answers)} answers from 127.0.0.1 (the last: {last!r}),"
        f" {workers} threads asking"
    )


if __name__ == "__main__":
    main()
