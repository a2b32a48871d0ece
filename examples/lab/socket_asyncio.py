"""Eight requests to a slow local server from one event loop, at most N at a time.

The server is the one of socket_sequential.py, started by this script on 127.0.0.1
in a background thread. The client side is asyncio: while one request waits for its
answer, the loop sends the next. A semaphore caps the requests in flight at N.
Run it as ``python socket_asyncio.py N``.
"""

import asyncio
import socketserver
import sys
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


async def fetch(
    address: tuple[str, int], task: int, slots: asyncio.Semaphore
) -> bytes:
    async with slots:
        reader, writer = await asyncio.open_connection(*address)
        writer.write(f"request {task}".encode())
        # the loop serves other tasks until the answer comes
        answer = await reader.read(64)
        writer.close()
        await writer.wait_closed()
        return answer


async def main(workers: int) -> None:
    address = start_server()
    slots = asyncio.Semaphore(workers)
    answers = await asyncio.gather(
        *(fetch(address, task, slots) for task in range(TASKS))
    )
    last = answers[-1].decode()
    print(
        f"{len(answers)} answers from 127.0.0.1 (the last: {last!r}),"
        f" {workers} at a time"
    )


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 4))
