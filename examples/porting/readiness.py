"""Is this build free-threaded, and does the GIL stay off after the imports?

Imports a list of standard-library modules backed by C code, plus any module
names given on the command line (python readiness.py numpy lxml), and says whether
the GIL is on before and after. On a free-threaded build, importing an extension
that has not declared itself safe without the GIL switches the GIL on for good,
with a RuntimeWarning that names that extension. Only the first such import warns:
after it the GIL is already on, and the imports that follow have nothing left to
switch on. So this script names the first one, and the module its warning names;
to check each of the others, import it in a fresh process.
"""

import importlib
import re
import sys
import sysconfig
import warnings

MODULES = [
    "array", "asyncio", "bz2", "csv", "ctypes", "datetime", "decimal",
    "hashlib", "json", "lzma", "pickle", "queue", "select", "socket",
    "sqlite3", "ssl", "struct", "unicodedata", "xml.etree.ElementTree",
    "zlib",
]  # fmt: skip

# The start of CPython's warning, with the name of the extension module it loaded.
GIL_WARNING = re.compile(r"\(GIL\) has been enabled to load module '([^']+)'")


def gil_enabled() -> bool:
    """Whether the GIL is on now (before 3.13 there is no other answer)."""
    is_enabled = getattr(sys, "_is_gil_enabled", None)  # new in 3.13
    return True if is_enabled is None else is_enabled()


def main() -> None:
    free_threaded = bool(sysconfig.get_config_var("Py_GIL_DISABLED"))
    build = "free-threaded" if free_threaded else "default (with the GIL)"
    print(f"Python {sys.version.split()[0]}, {build} build")
    print(f"GIL enabled before the imports: {gil_enabled()}")

    gil_warnings, missing = [], []  # (name imported, module the warning names)
    for name in MODULES + sys.argv[1:]:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                importlib.import_module(name)
            except ImportError:
                missing.append(name)
                continue
        for warning in caught:
            found = GIL_WARNING.search(str(warning.message))
            if found:
                gil_warnings.append((name, found[1]))

    imported = len(MODULES) + len(sys.argv) - 1 - len(missing)
    print(f"imported {imported} modules; not available here: {missing or 'none'}")
    print(f"GIL enabled after the imports: {gil_enabled()}")
    print(f"warnings that an import turned the GIL on: {len(gil_warnings)}")
    if gil_warnings:
        name, module = gil_warnings[0]
        print(f"  first: import {name} loaded {module}, not declared safe")
        print("  the imports after it could not warn: try each in a fresh process")
    if free_threaded:
        print(f"GIL stayed off: {not gil_enabled()}")
    else:
        print("GIL stayed off: not applicable (this build always has the GIL)")


if __name__ == "__main__":
    main()
