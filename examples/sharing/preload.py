"""forkserver preload: import modules once in the server, not in every child.

Under forkserver each new process is forked from a small server process. By
default that server has imported little, so every child imports what it needs
itself. `set_forkserver_preload([...])` asks the server to import those modules
first (by default an import that fails is skipped in silence); the children are
then born with them already loaded. forkserver exists on POSIX systems only: on
Windows, where every child is spawned, the script says so instead.
"""

import multiprocessing
import sys

MODULE = "xml.dom.minidom"  # a module this script itself never imports


def already_loaded(queue) -> None:
    queue.put(MODULE in sys.modules)


def child_has_it(context) -> bool:
    queue = context.Queue()
    child = context.Process(target=already_loaded, args=(queue,))
    child.start()
    answer = queue.get()
    child.join()
    return answer


def main() -> None:
    offered = multiprocessing.get_all_start_methods()
    if "forkserver" not in offered:
        print(f"start methods this OS offers: {', '.join(offered)}")
        print("no forkserver (POSIX only), so no preload to show here")
        return
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([MODULE])
    print(f"preloaded {MODULE}; already in the child's sys.modules?")
    print(f"  {child_has_it(context)}")


if __name__ == "__main__":
    main()
