"""Windows' multiprocessing, emulated on Linux: put this folder on PYTHONPATH.

Python imports ``sitecustomize`` at start-up, before the script runs (unless started
with ``-S`` or ``-I``). This one leaves what Windows leaves: the ``spawn`` start method
alone, as the default, and an ``os`` module without ``fork``, ``forkpty`` or
``register_at_fork``. ``get_context("fork")`` and ``get_context("forkserver")`` then
raise ``ValueError: cannot find context for ...``, as they do on Windows. The children
that spawn starts inherit PYTHONPATH, so they start under the same conditions. Works
on CPython 3.8 and later.
"""

import multiprocessing
import os
from multiprocessing import context

for name in ("fork", "forkpty", "register_at_fork"):
    if hasattr(os, name):
        delattr(os, name)

spawn = context._concrete_contexts["spawn"]
context._concrete_contexts = {"spawn": spawn}  # where get_context(method) looks its name up
context._default_context._default_context = spawn  # the default, until a script sets one
context.DefaultContext.get_all_start_methods = lambda self: ["spawn"]
# multiprocessing's functions are the default context's methods, bound when it was imported
multiprocessing.get_all_start_methods = context._default_context.get_all_start_methods
