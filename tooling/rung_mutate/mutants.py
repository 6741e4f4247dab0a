"""One-line mutants of a Python module, found with ``ast`` and spliced into its text.

Each mutant changes one node and leaves every other byte of the file as it was,
so the mutant is the module a careless edit would leave behind.  Operators:

* ``compare``: a comparison flipped at its boundary or negated (``<`` -> ``<=``,
  ``>=``; ``==`` -> ``!=``; ``in`` -> ``not in``; ``is`` -> ``is not``);
* ``boolop``: ``and`` <-> ``or``;  ``arith``: ``+`` <-> ``-``;
* ``constant``: an integer +1 and -1, ``True`` <-> ``False``, a string emptied;
* ``not``: ``not x`` -> ``x``;
* ``return``: the returned value replaced by ``None`` (and by an empty value of
  the same kind when the expression shows its kind);
* ``call``: a ``casefold()``/``lower()``/``upper()``/``strip()`` call removed;
* ``slice``: a slice bound that is not a literal shifted by one;
* ``condition``: an ``if``/``elif``/``while``/conditional-expression/comprehension
  test forced ``True`` or ``False``;
* ``delete``: a statement that acts by side effect replaced by ``pass``.

Docstrings, annotations (strings under ``from __future__ import annotations``),
decorators and ``__all__`` are never mutated: no behaviour test could tell.  A mutant that does not
compile, or whose tree equals the original's, is dropped.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator
from dataclasses import dataclass

_FLIPS: dict[type[ast.cmpop], tuple[type[ast.cmpop], ...]] = {
    ast.Lt: (ast.LtE, ast.GtE),
    ast.LtE: (ast.Lt, ast.Gt),
    ast.Gt: (ast.GtE, ast.LtE),
    ast.GtE: (ast.Gt, ast.Lt),
    ast.Eq: (ast.NotEq,),
    ast.NotEq: (ast.Eq,),
    ast.In: (ast.NotIn,),
    ast.NotIn: (ast.In,),
    ast.Is: (ast.IsNot,),
    ast.IsNot: (ast.Is,),
}
_CASE_CALLS = frozenset({"casefold", "lower", "upper", "strip", "lstrip", "rstrip"})
_EMPTY = {
    ast.List: "[]",
    ast.ListComp: "[]",
    ast.Tuple: "()",
    ast.Dict: "{}",
    ast.DictComp: "{}",
    ast.Set: "set()",
    ast.SetComp: "set()",
    ast.JoinedStr: '""',
}


@dataclass(frozen=True)
class Mutant:
    """One changed node: where, what, and the whole mutated module."""

    line: int  # 1-based, where the changed node starts
    operator: str  # compare, boolop, constant, ... (the module docstring lists them)
    before: str  # the original source line, stripped
    after: str  # the same line (or lines, joined) as the mutant has it, stripped
    source: str  # the mutated module
    nth: int = 1  # the same change on an identical line earlier in the file counts first

    @property
    def key(self) -> str:
        """Names the mutant without its line number, so a list of them survives edits."""
        again = f"  #{self.nth}" if self.nth > 1 else ""
        return f"{self.before}  =>  {self.after}{again}"


@dataclass(frozen=True)
class _Edit:
    node: ast.expr | ast.stmt  # the node whose text is replaced
    text: str  # its new text
    operator: str
    whole_lines: bool = False  # replace the statement's lines, keeping the indentation


def mutants(source: str, only: frozenset[str] = frozenset()) -> list[Mutant]:
    """Every mutant of ``source``, in file order.

    ``only`` limits mutation to the named top-level functions and classes (and
    module-level assignments to the named constants); empty means everything.
    """
    tree = ast.parse(source)
    reference = ast.dump(tree)
    lines = source.splitlines(keepends=True)
    found: list[Mutant] = []
    seen: set[str] = set()
    keys: dict[str, int] = {}
    for edit in _edits(tree, only):
        mutated = _splice(lines, edit)
        try:
            new_tree = ast.parse(mutated)
            compile(new_tree, "<mutant>", "exec")
        except SyntaxError:
            continue
        if ast.dump(new_tree) == reference or mutated in seen:
            continue
        seen.add(mutated)
        first = edit.node.lineno
        new_lines = mutated.splitlines()
        span = len(new_lines) - len(lines)
        end = getattr(edit.node, "end_lineno", first) or first
        after = " ".join(part.strip() for part in new_lines[first - 1 : end + span])
        before = lines[first - 1].strip()
        nth = keys[f"{before}  =>  {after}"] = keys.get(f"{before}  =>  {after}", 0) + 1
        found.append(Mutant(first, edit.operator, before, after, mutated, nth))
    return found


def _selected(tree: ast.Module, only: frozenset[str]) -> list[ast.stmt]:
    if not only:
        return list(tree.body)
    chosen: list[ast.stmt] = []
    for stmt in tree.body:
        if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            if stmt.name in only:
                chosen.append(stmt)
        elif isinstance(stmt, ast.Assign | ast.AnnAssign):
            targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
            if any(isinstance(t, ast.Name) and t.id in only for t in targets):
                chosen.append(stmt)
    return chosen


def _skipped(tree: ast.Module) -> set[int]:
    """Ids of nodes no test can observe: docstrings, annotations, ``__all__``."""
    skip: set[int] = set()

    def drop(node: ast.AST | None) -> None:
        if node is not None:
            skip.update(id(n) for n in ast.walk(node))

    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(node, ast.Module | ast.ClassDef):
            _drop_docstring(body, drop)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            for decorator in node.decorator_list:
                drop(decorator)  # @dataclass(frozen=True): a promise no behaviour test reads
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            _drop_docstring(node.body, drop)
            drop(node.returns)
            for arg in (*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs):
                drop(arg.annotation)
            drop(node.args.vararg.annotation if node.args.vararg else None)
            drop(node.args.kwarg.annotation if node.args.kwarg else None)
        elif isinstance(node, ast.AnnAssign):
            drop(node.annotation)
        elif isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets
        ):
            drop(node)
        elif isinstance(node, ast.JoinedStr):
            # An f-string is mutated whole (emptied); positions inside it are unreliable.
            skip.update(id(n) for n in ast.walk(node) if n is not node)
    return skip


def _drop_docstring(body: list[ast.stmt], drop: Callable[[ast.AST | None], None]) -> None:
    first = body[0]
    if (
        isinstance(first, ast.Expr)
        and isinstance(first.value, ast.Constant)
        and isinstance(first.value.value, str)
    ):
        drop(first)


def _edits(tree: ast.Module, only: frozenset[str]) -> Iterator[_Edit]:
    skip = _skipped(tree)
    nodes = [n for stmt in _selected(tree, only) for n in ast.walk(stmt) if id(n) not in skip]
    nodes.sort(key=lambda n: (getattr(n, "lineno", 0), getattr(n, "col_offset", 0)))
    for node in nodes:
        yield from _node_edits(node)


def _node_edits(node: ast.AST) -> Iterator[_Edit]:
    if isinstance(node, ast.Compare):
        for index, old in enumerate(node.ops):
            for other in _FLIPS.get(type(old), ()):
                ops = [*node.ops]
                ops[index] = other()
                yield _Edit(node, _paren(ast.Compare(node.left, ops, node.comparators)), "compare")
    elif isinstance(node, ast.BoolOp):
        swapped: ast.boolop = ast.Or() if isinstance(node.op, ast.And) else ast.And()
        yield _Edit(node, _paren(ast.BoolOp(swapped, node.values)), "boolop")
    elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add | ast.Sub):
        arith: ast.operator = ast.Sub() if isinstance(node.op, ast.Add) else ast.Add()
        yield _Edit(node, _paren(ast.BinOp(node.left, arith, node.right)), "arith")
    elif isinstance(node, ast.Constant):
        yield from _constant_edits(node)
    elif isinstance(node, ast.JoinedStr):
        yield _Edit(node, '""', "constant")
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        yield _Edit(node, _paren(node.operand), "not")
    elif isinstance(node, ast.Return) and node.value is not None:
        value = node.value
        if not (isinstance(value, ast.Constant) and value.value is None):
            yield _Edit(value, "None", "return")
        empty = _EMPTY.get(type(value))
        if isinstance(value, ast.Constant) and isinstance(value.value, str) and value.value:
            empty = '""'
        if empty is not None:
            yield _Edit(value, empty, "return")
    elif (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in _CASE_CALLS
    ):
        yield _Edit(node, _paren(node.func.value), "call")
    elif isinstance(node, ast.Slice):
        for bound in (node.lower, node.upper):
            if bound is not None and not isinstance(bound, ast.Constant | ast.UnaryOp):
                for shift in (ast.Add(), ast.Sub()):
                    yield _Edit(bound, _paren(ast.BinOp(bound, shift, ast.Constant(1))), "slice")
    elif isinstance(node, ast.If | ast.IfExp):
        yield _Edit(node.test, "True", "condition")
        yield _Edit(node.test, "False", "condition")
    elif isinstance(node, ast.While):
        yield _Edit(node.test, "False", "condition")
    elif isinstance(node, ast.comprehension):
        for test in node.ifs:
            yield _Edit(test, "True", "condition")
            yield _Edit(test, "False", "condition")
    if isinstance(node, ast.Expr | ast.AugAssign | ast.Raise | ast.Continue | ast.Break):
        yield _Edit(node, "pass", "delete", whole_lines=True)
    elif isinstance(node, ast.Assign) and any(
        isinstance(t, ast.Attribute | ast.Subscript) for t in node.targets
    ):
        # x[k] = v, self.a = b; deleting a name's binding would only raise NameError
        yield _Edit(node, "pass", "delete", whole_lines=True)


def _constant_edits(node: ast.Constant) -> Iterator[_Edit]:
    value = node.value
    if isinstance(value, bool):
        yield _Edit(node, str(not value), "constant")
    elif isinstance(value, int):
        yield _Edit(node, _paren(ast.Constant(value + 1)), "constant")
        yield _Edit(node, _paren(ast.Constant(value - 1)), "constant")
    elif isinstance(value, str) and value:
        yield _Edit(node, '""', "constant")


def _paren(node: ast.AST) -> str:
    return f"({ast.unparse(ast.fix_missing_locations(node))})"


def _splice(lines: list[str], edit: _Edit) -> str:
    """The module with ``edit`` applied; ast offsets are UTF-8 byte offsets."""
    node = edit.node
    first, last = node.lineno - 1, (getattr(node, "end_lineno", None) or node.lineno) - 1
    start_line, end_line = lines[first].encode(), lines[last].encode()
    if edit.whole_lines:
        indent = start_line[: node.col_offset].decode()
        rest = end_line[getattr(node, "end_col_offset", None) or 0 :].decode()
        if indent.strip() or (rest.strip() and not rest.strip().startswith("#")):
            return "".join(lines)  # shares its line with another statement: skipped
        middle = f"{indent}{edit.text}\n"
    else:
        head = start_line[: node.col_offset].decode()
        tail = end_line[getattr(node, "end_col_offset", None) or 0 :].decode()
        middle = f"{head}{edit.text}{tail}"
    return "".join([*lines[:first], middle, *lines[last + 1 :]])
