"""No hidden wiring in the runner, read from its source: an object is complete when it is built
(nothing writes another object's attributes afterwards), and no module keeps state that
changes (what lives as long as a build is an object the build owns and passes down)."""

from __future__ import annotations

import ast
import subprocess
import sys

from support import ROOT

PACKAGE = ROOT / "measured"

# MkDocs hands its own objects to the adapter's events to change: that is its API.
MKDOCS_OBJECTS = {
    ("measured/mkdocs_adapter/dirty.py", "file"),  # a File a dirty rebuild must build again
    ("measured/mkdocs_adapter/hook.py", "env"),  # the theme's Jinja environment
    ("measured/mkdocs_adapter/notebook_page.py", "page"),  # the notebook's Page, rendered by the hook
}


def sources() -> list[tuple[str, ast.Module]]:
    return [
        (path.relative_to(ROOT).as_posix(), ast.parse(path.read_text(encoding="utf-8")))
        for path in sorted(PACKAGE.rglob("*.py"))
    ]


def root_name(target: ast.expr) -> str | None:
    """``a`` for ``a.b.c``; None when the chain starts elsewhere (a call, a subscript)."""
    while isinstance(target, ast.Attribute):
        target = target.value
    return target.id if isinstance(target, ast.Name) else None


def scopes(tree: ast.Module):
    """The module and each function in it, each with the statements that are its own."""
    yield tree
    yield from (node for node in ast.walk(tree) if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)))


def own_nodes(scope):
    """The nodes of ``scope`` outside the functions and classes nested in it."""
    stack = list(ast.iter_child_nodes(scope))
    while stack:
        node = stack.pop()
        yield node
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            stack.extend(ast.iter_child_nodes(node))


def written_attributes(scope) -> list[ast.Attribute]:
    targets = []
    for node in own_nodes(scope):
        if isinstance(node, (ast.Assign, ast.Delete)):
            targets += node.targets
        elif isinstance(node, (ast.AugAssign, ast.AnnAssign, ast.For)):
            targets.append(node.target)
    flat = [e for t in targets for e in (t.elts if isinstance(t, (ast.Tuple, ast.List)) else [t])]
    return [t for t in flat if isinstance(t, ast.Attribute)]


def made_here(scope) -> set[str]:
    """The names ``scope`` binds to an object it makes (``reader = Reader(...)``): still being built."""
    return {
        target.id
        for node in own_nodes(scope)
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call)
        for target in node.targets
        if isinstance(target, ast.Name)
    }


def test_no_object_has_its_attributes_written_by_another():
    """``x.y = ...`` only on ``self`` (or ``cls``), or on an object the same function made."""
    found = []
    for path, tree in sources():
        for scope in scopes(tree):
            own = made_here(scope) | {"self", "cls"}
            for target in written_attributes(scope):
                name = root_name(target)
                chain = ast.unparse(target)
                if name in own and not (name == "self" and chain.count(".") > 1):
                    continue  # self.x, or an object made here; never self.other.x
                if (path, name) not in MKDOCS_OBJECTS:
                    found.append(f"{path}:{target.lineno}: {chain} = ...")
            for node in own_nodes(scope):
                if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "setattr":
                    found.append(f"{path}:{node.lineno}: setattr({ast.unparse(node.args[0])}, ...)")
    assert found == []


def test_the_reader_of_attribute_writes_sees_each_kind():
    """The rule's reader, on a sample: what it lets pass and what it finds."""
    sample = ast.parse(
        "def f(other):\n"
        "    made = Made()\n"
        "    made.x = 1\n"  # being built here: passes
        "    other.y = 2\n"  # another's: found
        "    self.z.w = 3\n"  # another's, through self: found
        "    for other.v in []: pass\n"  # found
    )
    (function,) = [node for node in ast.walk(sample) if isinstance(node, ast.FunctionDef)]
    written = [ast.unparse(t) for t in written_attributes(function)]
    assert sorted(written) == ["made.x", "other.v", "other.y", "self.z.w"] and made_here(function) == {"made"}


# Module-level state the runner keeps on purpose, each with why.
KEPT_STATE = {
    # MkDocs calls a hook's module-level functions: its one object, which owns all the rest, is the module's
    ("measured/mkdocs_adapter/hook.py", "_pages"),
}
MUTATORS = {"append", "extend", "insert", "update", "add", "setdefault", "pop", "popitem", "remove", "discard"}
MUTATORS |= {"clear", "appendleft"}
CONTAINERS = {"dict", "list", "set", "defaultdict", "Counter", "deque", "OrderedDict"}


def module_names(tree: ast.Module) -> dict[str, ast.expr | None]:
    """The names a module binds at its top level (under if and try too), each with its value."""
    found: dict[str, ast.expr | None] = {}
    stack = list(tree.body)
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.If, ast.Try)):
            stack += [*node.body, *node.orelse, *(s for h in getattr(node, "handlers", []) for s in h.body)]
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            for target in node.targets if isinstance(node, ast.Assign) else [node.target]:
                for name in target.elts if isinstance(target, ast.Tuple) else [target]:
                    if isinstance(name, ast.Name):
                        found[name.id] = node.value
    return found


def made_to_change(value: ast.expr | None, classes: set[str]) -> str | None:
    """How a module-level value shows it is state: an empty container, or an object of the module's own."""
    empty = (isinstance(value, ast.Dict) and not value.keys) or (
        isinstance(value, (ast.List, ast.Set)) and not value.elts
    )
    if isinstance(value, ast.Call) and isinstance(value.func, ast.Name):
        empty = empty or (value.func.id in CONTAINERS and not value.args)
        if value.func.id in classes:
            return f"an instance of {value.func.id}"
    return "an empty container, to be filled" if empty else None


def changed_in_a_function(node: ast.AST, names: dict) -> tuple[str, str] | None:
    """The module-level name ``node`` changes from inside a function, and how; None if it changes none."""
    if isinstance(node, ast.Subscript) and isinstance(node.ctx, (ast.Store, ast.Del)):
        target, how = node.value, "an item set in a function"
    elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in MUTATORS:
        target, how = node.func.value, f".{node.func.attr}() in a function"
    else:
        return None
    return (target.id, how) if isinstance(target, ast.Name) and target.id in names else None


def changing_state(tree: ast.Module) -> dict[str, str]:
    """Each module-level name that holds state which changes, with how it shows."""
    names = module_names(tree)
    classes = {node.name for node in tree.body if isinstance(node, ast.ClassDef)}
    found = {name: how for name, value in names.items() if (how := made_to_change(value, classes))}
    functions = [node for node in ast.walk(tree) if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))]
    for node in (inner for function in functions for inner in ast.walk(function)):
        if isinstance(node, ast.Global):
            found.update({name: "declared global in a function" for name in node.names})
        elif changed := changed_in_a_function(node, names):
            found[changed[0]] = changed[1]
    return found


def test_no_module_keeps_state_that_changes():
    """What lives as long as a build (verdicts, serving, launch servers, dirty rebuilds) is an
    object the build owns and hands down, not a module's global."""
    found = sorted(
        f"{path}: {name}: {how}"
        for path, tree in sources()
        for name, how in changing_state(tree).items()
        if (path, name) not in KEPT_STATE
    )
    assert found == []


def test_the_reader_of_module_state_sees_each_kind():
    sample = ast.parse(
        "import threading\nSIZES = {'a': 1}\n_seen = {}\n_lock = threading.Lock()\n_items = list()\n"
        "class Pages: pass\n_pages = Pages()\n_worker = None\n"
        "def start():\n    global _worker\n    _worker = 1\n    SIZES['b'] = 2\n"
    )
    assert changing_state(sample) == {
        "SIZES": "an item set in a function",
        "_seen": "an empty container, to be filled",
        "_items": "an empty container, to be filled",
        "_pages": "an instance of Pages",
        "_worker": "declared global in a function",
    }


# The MkDocs hook as plain code, and the directives in one table.

HOOK = PACKAGE / "mkdocs_adapter" / "hook.py"
LISTED = """
from pathlib import Path
from measured import pages
from measured.finder import find_in_folder
listed = set(pages.DIRECTIVES)  # before any other import could add to it
used = {where.name for where in find_in_folder(Path("docs"))}
print(sorted(used - listed))
"""


def test_the_directive_table_lists_every_directive_with_nothing_imported_for_its_side_effect():
    """In a fresh interpreter, the pages' table alone knows every directive the site's pages use,
    every_claim() included."""
    done = subprocess.run([sys.executable, "-c", LISTED], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "[]"  # used on a page, and not in the table


def test_the_hook_writes_out_each_event_and_edits_no_import_path():
    """Each event MkDocs calls is a function of the hook's module, written there; no globals() update,
    no sys.path edit, and nowhere in the runner an import kept only for what it does when imported."""
    tree = ast.parse(HOOK.read_text(encoding="utf-8"))
    (pages_class,) = [node for node in tree.body if isinstance(node, ast.ClassDef) and node.name == "MeasuredPages"]
    events = {
        node.name for node in pages_class.body if isinstance(node, ast.FunctionDef) and node.name.startswith("on_")
    }
    written = {node.name for node in tree.body if isinstance(node, ast.FunctionDef)}
    assert events and events <= written, sorted(events - written)
    calls = {ast.unparse(node.func) for node in ast.walk(tree) if isinstance(node, ast.Call)}
    assert "globals" not in calls
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        found += [f"{path.name}: sys.path edited" for word in ("sys.path.insert", "sys.path.append") if word in text]
        found += [
            f"{path.name}: an import for its side effect"
            for line in text.splitlines()
            if "noqa" in line and "F401" in line
        ]
    assert found == []
