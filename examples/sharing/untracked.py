"""shared_memory's track=False (3.13+): a process that only attaches leaves it be.

On POSIX, a Python process that opens a shared memory block registers it with
its resource tracker, which unlinks the block when that process ends. Processes
started by multiprocessing share their parent's tracker; any other Python process
(started by subprocess, cron, a shell) has its own. So a standalone process that
merely attaches deletes the block on exit, under its owner's feet. On 3.13+,
`track=False` tells it to leave the bookkeeping to the owner.
"""

import subprocess
import sys
from multiprocessing import shared_memory

ATTACH = """
import sys
from multiprocessing import shared_memory
options = {} if sys.argv[2] == "default" else {"track": False}
shared_memory.SharedMemory(sys.argv[1], **options).close()
"""


def survives_a_visitor(how: str) -> bool:
    """Create a block; a standalone process attaches and exits. Still there?"""
    block = shared_memory.SharedMemory(create=True, size=16)
    try:
        subprocess.run(
            [sys.executable, "-c", ATTACH, block.name, how],
            capture_output=True,  # the visitor's tracker warns on stderr
            check=True,
        )
        try:
            shared_memory.SharedMemory(block.name).close()
            return True
        except FileNotFoundError:
            return False
    finally:
        block.close()
        try:
            block.unlink()
        except FileNotFoundError:  # the visitor's tracker unlinked it: put one
            # back under the name and unlink it, so our tracker forgets it too
            shared_memory.SharedMemory(block.name, create=True, size=16).unlink()


def main() -> None:
    if sys.platform == "win32":
        print("skipped: Windows frees a block when its last handle closes")
        return
    print(
        f"visitor with the default tracking: block survives? "
        f"{survives_a_visitor('default')}"
    )
    if sys.version_info < (3, 13):
        print("visitor with track=False: skipped, needs Python 3.13+")
        return
    print(
        f"visitor with track=False: block survives? "
        f"{survives_a_visitor('untracked')}"
    )


if __name__ == "__main__":
    main()
