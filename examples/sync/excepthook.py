"""An exception in a thread does not reach the thread that started it.

`Thread.join()` returns normally whatever happened: the exception goes to
`threading.excepthook` (3.8+), which by default prints the traceback to stderr and
lets the program carry on. Replace the hook to log or count failures; or use an
executor, whose future raises the exception again in the caller.
"""

import threading
from concurrent.futures import ThreadPoolExecutor


def parse(text: str) -> int:
    return int(text)


def main() -> None:
    failures = []
    threading.excepthook = failures.append  # receives an ExceptHookArgs

    thread = threading.Thread(target=parse, args=("x",), name="parser")
    thread.start()
    thread.join()  # returns normally
    for failure in failures:
        print(f"hook saw {failure.exc_type.__name__} in {failure.thread.name}")

    threading.excepthook = threading.__excepthook__  # the default again
    with ThreadPoolExecutor() as pool:
        future = pool.submit(parse, "x")
    try:
        future.result()
    except ValueError as error:
        print(f"future.result() raised it here: {error}")


if __name__ == "__main__":
    main()
