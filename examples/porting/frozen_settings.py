"""Read-only settings shared by threads: 3.15's frozendict, or a MappingProxyType.

types.MappingProxyType is a read-only *view*: it copies nothing, and shows every
later change to the dict behind it, so a thread can read one value, then another.
frozendict (new in 3.15, PEP 814) is an immutable *copy*: once built, nothing can
change it, so threads read it with no lock; and it is hashable (a dict key, an
lru_cache argument). Four threads read a setting, the owner changes its dict, and
they read it again. Before 3.15 the copy is a view of a dict nothing else holds.
"""

import builtins
import functools
import threading
import types

THREADS = 4


def read_twice(mapping, first_read, changed, seen: list) -> None:
    before = mapping["timeout"]
    first_read.wait()  # every thread has read once; now the owner writes
    changed.wait()
    seen.append((before, mapping["timeout"]))


def reads_around_a_change(settings: dict, mapping) -> list:
    """What each thread read before and after settings["timeout"] changed."""
    first_read = threading.Barrier(THREADS + 1)
    changed = threading.Event()
    seen: list = []
    threads = [
        threading.Thread(
            target=read_twice, args=(mapping, first_read, changed, seen)
        )
        for _ in range(THREADS)
    ]
    for thread in threads:
        thread.start()
    first_read.wait()
    settings["timeout"] = 60  # the owner changes its own dict
    changed.set()
    for thread in threads:
        thread.join()
    settings["timeout"] = 30  # as it was, for the next mapping
    return seen


@functools.lru_cache(maxsize=64)
def describe(options) -> str:  # lru_cache needs hashable arguments
    return ", ".join(f"{key}={value}" for key, value in options.items())


def main() -> None:
    settings = {"timeout": 30, "retries": 3}
    frozendict = getattr(builtins, "frozendict", None)  # new in 3.15
    if frozendict is None:
        print("frozendict: absent (before 3.15); copy: a view of a private dict")
        copy = types.MappingProxyType(dict(settings))
    else:
        print("frozendict: present")
        copy = frozendict(settings)
    view = types.MappingProxyType(settings)
    for name, mapping in (("view", view), ("copy", copy)):
        seen = reads_around_a_change(settings, mapping)
        moved = sum(1 for before, after in seen if before != after)
        print(
            f"{name} ({type(mapping).__name__}): the value changed"
            f" under {moved} of {THREADS} readers, {sorted(set(seen))}"
        )
    for name, mapping in (("view", view), ("copy", copy)):
        try:
            describe(mapping)
            print(f"{name} as an lru_cache argument: works (hashable)")
        except TypeError as error:
            print(f"{name} as an lru_cache argument: TypeError: {error}")


if __name__ == "__main__":
    main()
