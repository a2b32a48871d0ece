"""Four requests to a slow local server, one after another.

The baseline for fetch_threads.py. The server runs in this process, on 127.0.0.1,
and takes 0.1 s to answer each request. The client waits in a real socket read.
"""

import socket
import socketserver
import sys
import threading
import time

START = time.perf_counter()


class SlowHandler(socketserver.BaseRequestHandler):
    def handle(self) -> None:
        self.request.recv(64)
        time.sleep(0.1)  # the server's own work before it answers
        self.request.sendall(b"answer")


def start_server() -> tuple[str, int]:
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), SlowHandler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server.server_address


def log(message: str) -> None:
    # one write: lines never mix
    sys.stdout.write(f"[{time.perf_counter() - START:4.2f} s] {message}\n")


def fetch(address: tuple[str, int], n: int) -> None:
    log(f"request {n} sent")
    with socket.create_connection(address) as connection:
        connection.sendall(b"request")
        connection.recv(64)  # blocks, with the GIL released, until the answer comes
    log(f"request {n} answered")


def main() -> None:
    address = start_server()
    for n in range(1, 5):
        fetch(address, n)


if __name__ == "__main__":
    main()
