"""Two threads import a package and its submodule at once: fixed in 3.15 (gh-83065).

The package shop runs `from shop import prices` in its __init__. Thread B imports
shop, whose module takes 0.5 s to create (as a large compiled extension might);
meanwhile thread A imports shop.prices. Before 3.15, A takes the import lock of
shop.prices, then waits for the lock of shop; B holds that one and, running shop's
__init__, asks for the lock of shop.prices. Each holds the lock the other needs, and
the import system's deadlock detector makes one of the imports fail with
_DeadlockError. From 3.15 a thread imports (or waits for) the parent packages before
it takes a submodule's lock, so A waits for B and both succeed. Every wait has a
timeout: the script ends on any version.
"""

import importlib
import importlib.machinery
import sys
import tempfile
import threading
import time
from pathlib import Path

SLOW_CREATE = 0.5  # seconds to create the module shop, in thread B
GIVE_UP = 10.0  # seconds to wait for a thread before calling it stuck


class SlowShop:
    """Finds shop as usual; in thread B, its loader is slow to create it."""

    def __init__(self) -> None:
        self.b_is_loading = threading.Event()
        self.loader = None

    def find_spec(self, name, path=None, target=None):
        if name != "shop" or threading.current_thread().name != "B":
            return None  # the usual finders do the rest
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        self.loader, spec.loader = spec.loader, self
        return spec

    def create_module(self, spec):
        self.b_is_loading.set()  # B holds shop's import lock; shop not loaded
        time.sleep(SLOW_CREATE)
        return None  # a plain module, as usual

    def exec_module(self, module) -> None:
        self.loader.exec_module(module)


def write_package(folder: Path) -> None:
    (folder / "shop").mkdir()
    (folder / "shop" / "__init__.py").write_text("from shop import prices\n")
    (folder / "shop" / "prices.py").write_text("PRICES = {'tea': 3}\n")


def main() -> None:
    outcome = {}

    def import_in_thread(module: str) -> None:
        try:
            importlib.import_module(module)
            outcome[module] = "imported"
        except Exception as error:  # before 3.15: _DeadlockError
            outcome[module] = type(error).__name__

    slow = SlowShop()
    with tempfile.TemporaryDirectory() as folder:
        write_package(Path(folder))
        sys.dont_write_bytecode = True
        sys.path.insert(0, folder)
        sys.meta_path.insert(0, slow)
        b = threading.Thread(target=import_in_thread, args=("shop",), name="B")
        a = threading.Thread(target=import_in_thread, args=("shop.prices",))
        b.daemon = a.daemon = True  # a stuck thread must not keep the script alive
        b.start()
        slow.b_is_loading.wait(GIVE_UP)
        a.start()  # while B is still creating shop
        for thread in (b, a):
            thread.join(GIVE_UP)
        sys.meta_path.remove(slow)
        sys.path.remove(folder)
    failed = 0
    for thread, module in (("B", "shop"), ("A", "shop.prices")):
        result = outcome.get(module, "still waiting (stuck)")
        print(f"thread {thread}, import {module}: {result}")
        failed += result != "imported"
    print(f"imports that failed or hung: {failed}")


if __name__ == "__main__":
    main()
