"""Eight requests to a slow local server, one after another.

The baseline of the I/O workload. The script starts its own server on 127.0.0.1, in
a background thread, which takes DELAY seconds to answer each request (standing in
for a database or a web service). Each request waits for its answer before the
next one is sent.
"""

import socket
import socketserver
import threading
import time

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
        return connection.recv(64)  # blocks until the answer comes


def main() -> None:
    address = start_server()
    answers = [fetch(address, task) for task in range(TASKS)]
    last = answers[-1].decode()
    print(
        f"{len(answers)} answers from 127.0.0.1 (the last: {last!r}),"
        " one request after another"
    )


if __name__ == "__main__":
    main()
