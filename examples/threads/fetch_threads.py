"""Four requests to a slow server from a pool of four threads: the waits overlap.

The server runs in this process, on 127.0.0.1, and takes 0.1 s to answer each
request. While a thread waits in a socket read it does not hold the GIL, so the
other threads send their requests meanwhile.
"""

import socket
import socketserver
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

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


# --8<-- [start:pool]
def main() -> None:
    address = start_server()
    # leaving the block waits for all tasks
    with ThreadPoolExecutor(max_workers=4) as pool:
        futures = [pool.submit(fetch, address, n) for n in range(1, 5)]
    for future in futures:
        future.result()  # raises here any exception the task raised
    # --8<-- [end:pool]


if __name__ == "__main__":
    main()
