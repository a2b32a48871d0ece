"""The port `make serve` serves on: the first free on 127.0.0.1 from the one asked (PORT, 8000).

    python .ci/port.py 8000   print 8000 if it is free, else the next free port after it

A port is free when a socket can be bound to it as ``mkdocs serve`` binds its own (with
SO_REUSEADDR on POSIX, as Python's http.server does): one another server listens on is
taken, one a server just stopped lingers on is not. When the port printed is not the one
asked, a line on stderr says so and gives the address. Nothing holds the port between
this and the server's start: another program taking it in that moment is the one case
left to MkDocs' own error.
"""

from __future__ import annotations

import os
import socket
import sys

HOST = "127.0.0.1"
TRIES = 100  # then any port the OS gives


def free(port: int) -> bool:
    with socket.socket() as probe:
        if os.name == "posix":
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((HOST, port))
        except OSError:
            return False
    return True


def first_free(asked: int) -> int:
    for port in range(asked, min(asked + TRIES, 65536)):
        if free(port):
            return port
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def main(arguments: list[str]) -> int:
    try:
        (asked,) = (int(argument) for argument in arguments)
        if not 1 <= asked <= 65535:
            raise ValueError
    except ValueError:
        print(f"serve: PORT={' '.join(arguments)} is not a port (1 to 65535)", file=sys.stderr)
        return 2
    port = first_free(asked)
    if port != asked:
        print(f"serve: {HOST}:{asked} is in use; serving on http://{HOST}:{port}/", file=sys.stderr)
    print(port)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
