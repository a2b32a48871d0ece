"""Which build is this, and is the GIL on right now?

Py_GIL_DISABLED is 1 on a free-threaded build (3.13t, 3.14t) and 0 or None on the
default build. sys._is_gil_enabled() (3.13+) says whether the GIL is on at this
moment: a free-threaded build turns it back on for an extension that has not
declared itself safe without it, unless started with PYTHON_GIL=0 or -X gil=0.
"""

import sys
import sysconfig


def main() -> None:
    print(f"Python {sys.version.split()[0]}")
    free_threaded = bool(sysconfig.get_config_var("Py_GIL_DISABLED"))
    print(f"free-threaded build: {free_threaded}")
    is_gil_enabled = getattr(sys, "_is_gil_enabled", None)  # new in 3.13
    if is_gil_enabled is None:
        print(
            "GIL enabled: True (before 3.13 there is no free-threaded build,"
            " and no sys._is_gil_enabled)"
        )
    else:
        print(f"GIL enabled: {is_gil_enabled()}")


if __name__ == "__main__":
    main()
