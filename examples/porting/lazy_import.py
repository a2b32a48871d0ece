"""Lazy imports (3.15, PEP 810): a module loads at its first use, in that thread.

`lazy import colorsys` binds a placeholder; the first use of the name imports the
module, in whichever thread uses it first. The keyword is a SyntaxError before
3.15, so code that must also run there lists the modules in __lazy_modules__, as
this file does: 3.15 makes those imports lazy, older versions ignore the list and
import at the line. An audit hook records which thread loaded colorsys.
"""

__lazy_modules__ = ["colorsys"]  # 3.15: `import colorsys` below is lazy

import colorsys
import sys
import threading

loaded_by = {}  # module name -> the thread that loaded it


def record_imports(event: str, args: tuple) -> None:
    if event == "import":  # raised when a module is loaded, not when reused
        loaded_by.setdefault(args[0], threading.current_thread().name)


def loaded(module: str) -> int:
    return int(module in sys.modules)  # 1: loaded, 0: not yet


def first_use() -> None:
    colorsys.rgb_to_hsv(1.0, 0.5, 0.0)


def main() -> None:
    sys.addaudithook(record_imports)
    placeholder = type(globals()["colorsys"]).__name__  # globals() loads nothing
    print(f"after the import line: colorsys is a {placeholder},", end=" ")
    print(f"loaded: {loaded('colorsys')}")
    worker = threading.Thread(target=first_use, name="worker")
    worker.start()
    worker.join()
    print(f"after its first use in a thread: loaded: {loaded('colorsys')}")
    print(f"loaded by: {loaded_by.get('colorsys', 'MainThread, at its line')}")

    namespace: dict = {}
    try:  # the keyword, compiled at run time so that older versions can say no
        exec("lazy import wave", namespace)
        bound = type(namespace["wave"]).__name__
        print(f"`lazy import wave`: bound a {bound},", end=" ")
        print(f"loaded: {loaded('wave')}")
    except SyntaxError:
        print("`lazy import wave`: SyntaxError (the keyword is new in 3.15)")


if __name__ == "__main__":
    main()
