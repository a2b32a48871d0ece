"""The smallest script: what it costs to start and stop the interpreter.

The runner times every example from outside, from the moment it starts the process
to the moment the process ends, so every wall time on this site includes this much.
"""


def main() -> None:
    print("started, printed this line, and exited")


if __name__ == "__main__":
    main()
