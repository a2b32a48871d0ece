"""No hidden wiring in the runner, read from its source: an object is complete when it is built
(nothing writes another object's attributes afterwards), and no module keeps state that
changes (what lives as long as a build is an object the build owns and passes down)."""

from __future__ import annotations

import ast

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
