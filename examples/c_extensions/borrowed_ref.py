"""A borrowed reference and a strong one, taken from CPython's C API through ctypes.

PyDict_GetItem returns a borrowed reference: the value's address, with no claim on
the value. A thread that deletes the item meanwhile may free the value while the
caller still uses that address. Under the GIL other threads run only where the
caller lets them; on a free-threaded build they run all the time.
PyDict_GetItemRef (3.13+) returns a strong reference: it adds one to the value's
reference count, so the value lives until the caller releases it. On an older
Python this script does what pythoncapi_compat.h does there: it calls
PyDict_GetItemWithError, then Py_IncRef. That is safe on those versions, because
the GIL keeps every other thread out between the two calls.
"""

import ctypes
import sys

api = ctypes.pythonapi  # a PyDLL: its calls keep the GIL, as the C API needs
OBJECT, ADDRESS = ctypes.py_object, ctypes.c_void_p  # c_void_p: no reference taken


def strong_lookup(table: dict, key: str, out: ctypes.c_void_p) -> str:
    """Store a strong reference to table[key] in out; return how it was taken."""
    if hasattr(api, "PyDict_GetItemRef"):
        get_ref = api.PyDict_GetItemRef
        get_ref.argtypes = [OBJECT, OBJECT, ctypes.POINTER(ADDRESS)]
        get_ref.restype = ctypes.c_int  # 1 found, 0 missing, -1 error
        get_ref(table, key, ctypes.byref(out))
        return "PyDict_GetItemRef"
    get_item = api.PyDict_GetItemWithError
    get_item.argtypes, get_item.restype = [OBJECT, OBJECT], ADDRESS
    out.value = get_item(table, key)
    api.Py_IncRef(out)
    return "PyDict_GetItemWithError + Py_IncRef (pythoncapi_compat.h before 3.13)"


def main() -> None:
    print(f"Python {sys.version.split()[0]}")
    value = object()
    table = {"key": value}
    before = sys.getrefcount(value)  # only differences from this count matter

    borrow = api.PyDict_GetItem
    borrow.argtypes, borrow.restype = [OBJECT, OBJECT], ADDRESS
    address = borrow(table, "key")
    print(f"PyDict_GetItem gave the value's address: {address == id(value)}")
    added = sys.getrefcount(value) - before
    print(f"  the borrowed reference added to its count: {added:+d}")

    out = ADDRESS()
    how = strong_lookup(table, "key", out)
    print(f"{how} gave it: {out.value == id(value)}")
    added = sys.getrefcount(value) - before
    print(f"  the strong reference added to its count: {added:+d}")
    api.Py_DecRef(out)  # the caller owns that reference: release it when done
    print(f"  after Py_DecRef: {sys.getrefcount(value) - before:+d}")


if __name__ == "__main__":
    main()
