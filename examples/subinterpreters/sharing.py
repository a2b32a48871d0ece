"""Which objects this Python can pass to another interpreter without pickling them.

Interpreters share no Python objects. A few types are "shareable": the other
interpreter gets its own copy cheaply, or a view of the same bytes (memoryview).
Everything else must be pickled into bytes and rebuilt on the other side.
"""

import importlib
import sys


def is_shareable_function():
    try:
        from concurrent.interpreters import is_shareable  # public since 3.14
    except ImportError:
        # private: _interpreters in 3.13, _xxsubinterpreters in 3.8 to 3.12
        is_shareable = importlib.import_module(
            "_interpreters" if sys.version_info >= (3, 13) else "_xxsubinterpreters"
        ).is_shareable
    return is_shareable


def main() -> None:
    is_shareable = is_shareable_function()
    samples = [
        None,
        True,
        42,
        1.5,
        "text",
        b"bytes",
        (1, "two"),
        [1, 2],
        {"key": 1},
        bytearray(b"x"),
        memoryview(b"x"),
    ]
    print(f"Python {sys.version.split()[0]}: shareable between interpreters?")
    for sample in samples:
        answer = "yes" if is_shareable(sample) else "no, pickle it"
        print(f"{type(sample).__name__:>10}: {answer}")


if __name__ == "__main__":
    main()
