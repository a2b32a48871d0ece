"""Is this build free-threaded, and does the GIL stay off after the imports?

Imports a list of standard-library modules backed by C code, plus any module names
given on the command line (python readiness.py numpy lxml), and reports each one
that turned the GIL back on. On a free-threaded build, importing an extension that
has not declared itself safe without the GIL switches the GIL on for good, with a
RuntimeWarning; this script catches that warning and names the module.
"""

import importlib
import sys
import sysconfig
import warnings

MODULES = [
    "array", "asyncio", "bz2", "csv", "ctypes", "datetime", "decimal",
    "hashlib", "json", "lzma", "pickle", "queue", "select", "socket",
    "sqlite3", "ssl", "struct", "unicodedata", "xml.etree.ElementTree",
    "zlib",
]  # fmt: skip


def gil_enabled() -> bool:
    """Whether the GIL is on now (before 3.13 there is no other answer)."""
    is_enabled = getattr(sys, "_is_gil_enabled", None)  # new in 3.13
    return True if is_enabled is None else is_enabled()


def main() -> None:
    free_threaded = bool(sysconfig.get_config_var("Py_GIL_DISABLED"))
    build = "free-threaded" if free_threaded else "default (with the GIL)"
    print(f"Python {sys.version.split()[0]}, {build} build")
    print(f"GIL enabled before the imports: {gil_enabled()}")

    turned_on, missing = [], []
    for name in MODULES + sys.argv[1:]:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                importlib.import_module(name)
            except ImportError:
                missing.append(name)
                continue
        if any("(GIL) has been enabled" in str(w.message) for w in caught):
            turned_on.append(name)

    imported = len(MODULES) + len(sys.argv) - 1 - len(missing)
    print(f"imported {imported} modules; not available here: {missing or 'none'}")
    print(f"GIL enabled after the imports: {gil_enabled()}")
    print(f"{len(turned_on)} modules turned the GIL on: {turned_on or 'none'}")
    if free_threaded:
        print(f"GIL stayed off: {not gil_enabled()}")
    else:
        print("GIL stayed off: not applicable (this build always has the GIL)")


if __name__ == "__main__":
    main()
