"""The mutation runner (tooling/rung_mutate) on a tiny module, and its configuration.

``make mutate`` itself is too slow for ``make test``; these tests prove the
runner can be believed: it makes the mutants it says, judges a mutant by the
tests, reports a survivor when the tests are weak, and refuses to run when the
tests cannot see the module.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from paths import REPO
from rung_mutate.config import TARGETS, Target
from rung_mutate.equivalent import EQUIVALENT
from rung_mutate.mutants import Mutant, mutants
from rung_mutate.run import MutateError, Project, check_tests, copy_tree, judge, run_mutants

TINY = '''"""A tiny module for the runner's own test."""

from __future__ import annotations

LIMIT = 3


def allowed(login: str, count: int) -> bool:
    """Whether ``login`` may take one more."""
    if count < LIMIT and login.casefold() != "ghost":
        return True
    return False
'''
TINY_TARGET = Target("src/tiny.py", ("tests",))
WEAK_TEST = """from tiny import allowed


def test_allowed() -> None:
    assert allowed("ann", 0)
    assert not allowed("ann", 5)
"""


def test_the_mutants_of_a_tiny_module() -> None:
    assert [(m.line, m.operator, m.after) for m in mutants(TINY)] == [
        (5, "constant", "LIMIT = (4)"),
        (5, "constant", "LIMIT = (2)"),
        (10, "condition", "if True:"),
        (10, "condition", "if False:"),
        (10, "boolop", "if (count < LIMIT or login.casefold() != 'ghost'):"),
        (10, "compare", 'if (count <= LIMIT) and login.casefold() != "ghost":'),
        (10, "compare", 'if (count >= LIMIT) and login.casefold() != "ghost":'),
        (10, "compare", "if count < LIMIT and (login.casefold() == 'ghost'):"),
        (10, "call", 'if count < LIMIT and (login) != "ghost":'),
        (10, "constant", 'if count < LIMIT and login.casefold() != "":'),
        (11, "return", "return None"),
        (11, "constant", "return False"),
        (12, "return", "return None"),
        (12, "constant", "return True"),
    ]
    # Docstrings and annotations are never touched; every mutant is one changed line.
    for mutant in mutants(TINY):
        changed = [
            i
            for i, (a, b) in enumerate(
                zip(TINY.splitlines(), mutant.source.splitlines(), strict=True)
            )
            if a != b
        ]
        assert changed == [mutant.line - 1]


def test_more_operators_and_what_is_left_alone() -> None:
    source = (
        "from __future__ import annotations\n"
        "__all__ = ['f']\n"
        "def f(xs: list[int], seen: set[int]) -> list[int]:\n"
        "    out = [x for x in xs if x not in seen]\n"
        "    seen.add(1)\n"
        "    while not out:\n"
        "        break\n"
        "    return out[: len(xs) + 1]\n"
    )
    # __all__ and the signature's annotations (lines 2-3) are left alone.
    assert [(m.line, m.operator, m.after) for m in mutants(source)] == [
        (4, "condition", "out = [x for x in xs if True]"),
        (4, "condition", "out = [x for x in xs if False]"),
        (4, "compare", "out = [x for x in xs if (x in seen)]"),
        (5, "delete", "pass"),
        (5, "constant", "seen.add((2))"),
        (5, "constant", "seen.add((0))"),
        (6, "condition", "while False:"),
        (6, "not", "while (out):"),
        (7, "delete", "pass"),
        (8, "return", "return None"),
        (8, "slice", "return out[: (len(xs) + 1 + 1)]"),
        (8, "slice", "return out[: (len(xs) + 1 - 1)]"),
        (8, "arith", "return out[: (len(xs) - 1)]"),
        (8, "constant", "return out[: len(xs) + (2)]"),
        (8, "constant", "return out[: len(xs) + (0)]"),
    ]


def test_only_the_named_functions_are_mutated() -> None:
    source = "def a() -> int:\n    return 1\n\n\ndef b() -> int:\n    return 2\n"
    assert {m.line for m in mutants(source, frozenset({"b"}))} == {6}


def test_the_same_change_on_identical_lines_has_distinct_keys() -> None:
    source = "def f(x: int) -> int:\n    if x:\n        return 0\n    if x:\n        return 0\n    return 1\n"
    keys = [m.key for m in mutants(source)]
    assert len(keys) == len(set(keys))
    assert "if x:  =>  if True:  #2" in keys


def tiny_project(tmp_path: Path, test: str) -> Project:
    root = tmp_path / "project"
    (root / "src").mkdir(parents=True)
    (root / "tests").mkdir()
    (root / "src" / "tiny.py").write_text(TINY, encoding="utf-8")
    (root / "tests" / "test_tiny.py").write_text(test, encoding="utf-8")
    return Project(root, pythonpath=("src",), links=(), min_timeout=60.0)


def test_a_weak_test_lets_mutants_survive_and_a_strong_one_kills_them(tmp_path: Path) -> None:
    project = tiny_project(tmp_path, WEAK_TEST)
    trees = [copy_tree(project, tmp_path), copy_tree(project, tmp_path)]
    check_tests(project, trees[0], TINY_TARGET)
    chosen = [m for m in mutants(TINY) if m.operator in ("call", "condition")]
    outcomes = run_mutants(project, trees, TINY_TARGET, chosen, 60.0)
    assert [(o.mutant.after, o.status) for o in outcomes] == [
        ("if True:", "killed"),
        ("if False:", "killed"),
        ('if count < LIMIT and (login) != "ghost":', "survived"),
    ]
    # The tree is left as it was, and a test of the documented rule kills the survivor.
    assert (trees[0] / "src" / "tiny.py").read_text(encoding="utf-8") == TINY
    strong = WEAK_TEST + '\n\ndef test_ghost() -> None:\n    assert not allowed("GHOST", 0)\n'
    (trees[1] / "tests" / "test_tiny.py").write_text(strong, encoding="utf-8")
    assert judge(project, trees[1], TINY_TARGET, chosen[2], 60.0).status == "killed"


def test_a_mutant_that_never_finishes_is_a_timeout(tmp_path: Path) -> None:
    project = tiny_project(tmp_path, WEAK_TEST)
    tree = copy_tree(project, tmp_path)
    endless = Mutant(
        8, "test", "", "", TINY.replace('"""Whether', 'while True:\n        pass\n    """')
    )
    assert judge(project, tree, TINY_TARGET, endless, 3.0).status == "timeout"


def test_tests_that_do_not_import_the_copy_are_refused(tmp_path: Path) -> None:
    blind = "def test_nothing() -> None:\n    assert True\n"
    project = tiny_project(tmp_path, blind)
    tree = copy_tree(project, tmp_path)
    with pytest.raises(MutateError, match="do not import the copy being mutated"):
        check_tests(project, tree, TINY_TARGET)
    failing = WEAK_TEST.replace('not allowed("ann", 5)', 'allowed("ann", 5)')
    (tree / "tests" / "test_tiny.py").write_text(failing, encoding="utf-8")
    with pytest.raises(MutateError, match="fail without a mutant"):
        check_tests(project, tree, TINY_TARGET)


@pytest.mark.parametrize("name", sorted(TARGETS))
def test_each_target_names_real_code_and_tests(name: str) -> None:
    target = TARGETS[name]
    source = (REPO / target.module).read_text(encoding="utf-8")
    for arg in target.tests:
        assert (REPO / arg).exists(), arg
    defined = set()
    for node in ast.parse(source).body:
        if isinstance(node, ast.FunctionDef | ast.ClassDef):
            defined.add(node.name)
        elif isinstance(node, ast.Assign):
            defined.update(t.id for t in node.targets if isinstance(t, ast.Name))
    assert target.only <= defined


@pytest.mark.parametrize("name", sorted(EQUIVALENT))
def test_every_listed_equivalent_is_a_mutant_made_today(name: str) -> None:
    target = TARGETS[name]
    source = (REPO / target.module).read_text(encoding="utf-8")
    made = {m.key for m in mutants(source, target.only)}
    assert set(EQUIVALENT[name]) <= made, set(EQUIVALENT[name]) - made
    assert all(reason.strip() for reason in EQUIVALENT[name].values())
