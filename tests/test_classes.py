"""``rung.classes`` makes what the standard library's ``dataclasses`` made, for the
options rung uses: the same classes built by each must behave the same."""

from __future__ import annotations

import dataclasses
import functools
import pickle
import types
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rung import classes


def _build(maker: Any) -> types.SimpleNamespace:
    dataclass, field = maker.dataclass, maker.field

    @dataclass(frozen=True, order=True)
    class Finding:
        path: str
        line: int
        level: int = field(compare=False)
        rule: str = "x"

    @dataclass(frozen=True)
    class Row:
        a: int
        b: list[int] = field(default_factory=list)
        doc: object = field(default=None, repr=False, compare=False)
        count: int = field(init=False)

        def __post_init__(self) -> None:
            object.__setattr__(self, "count", len(self.b))

        @functools.cached_property
        def twice(self) -> int:
            return self.a * 2

    @dataclass(frozen=True, slots=True)
    class Slotted:
        a: int
        b: str = "q"

    @dataclass
    class Mutable:
        a: int
        b: dict[str, int] = field(default_factory=dict)

    return types.SimpleNamespace(Finding=Finding, Row=Row, Slotted=Slotted, Mutable=Mutable)


STDLIB, OURS = _build(dataclasses), _build(classes)
texts = st.text(max_size=3)
ints = st.integers(-2, 2)


def _outcome(call: Any) -> Any:
    try:
        return call()
    except Exception as err:  # the same exception type and message
        return (type(err).__name__, str(err).replace("dataclasses", "x"))


def _same(name: str, *args: Any, **kwargs: Any) -> tuple[Any, Any]:
    return getattr(STDLIB, name)(*args, **kwargs), getattr(OURS, name)(*args, **kwargs)


@given(st.tuples(texts, ints, ints, texts), st.tuples(texts, ints, ints, texts))
def test_equality_order_and_hash_are_those_of_the_compared_fields(
    one: tuple[str, int, int, str], two: tuple[str, int, int, str]
) -> None:
    (s1, o1), (s2, o2) = _same("Finding", *one), _same("Finding", *two)
    assert repr(o1) == repr(s1)
    assert (hash(o1) == hash(o2)) == (hash(s1) == hash(s2))
    assert hash(o1) == hash(s1)  # the same tuple is hashed
    for op in ("__eq__", "__ne__", "__lt__", "__le__", "__gt__", "__ge__"):
        assert getattr(o1, op)(o2) == getattr(s1, op)(s2), op
    assert o1.__eq__("not one") is NotImplemented
    assert sorted([o2, o1]) == sorted([o1, o2])


def test_defaults_factories_post_init_and_repr() -> None:
    for std, ours in (_same("Row", 1, [1, 2], doc=5), _same("Row", 3), _same("Mutable", 1)):
        assert repr(ours) == repr(std).replace("STDLIB", "OURS")
        assert repr(ours).startswith("_build.<locals>.")
    row = OURS.Row(1, [1, 2])
    assert (row.count, row.twice, row == OURS.Row(1, [1, 2], doc="ignored")) == (2, 2, True)
    assert OURS.Row(1).b is not OURS.Row(1).b  # a new list each time
    assert OURS.Row.__match_args__ == STDLIB.Row.__match_args__ == ("a", "b", "doc")
    assert OURS.Finding.rule == "x"  # a default stays a class attribute, as dataclasses leave it
    assert "b" not in OURS.Row.__dict__  # a field() with a factory does not


def test_frozen_and_mutable() -> None:
    for kind in (STDLIB, OURS):
        row = kind.Row(1)
        with pytest.raises(AttributeError, match="cannot assign to field 'a'"):
            row.a = 2
        with pytest.raises(AttributeError, match="cannot delete field 'a'"):
            del row.a
        mutable = kind.Mutable(1)
        mutable.a = 2
        assert mutable == kind.Mutable(2)
        assert kind.Mutable.__hash__ is None  # mutable and compared: unhashable
    assert isinstance(_outcome(lambda: setattr(OURS.Row(1), "a", 2)), tuple)
    with pytest.raises(classes.FrozenInstanceError):
        OURS.Finding("p", 1, 1).line = 2


def test_slots_and_replace() -> None:
    std, ours = _same("Slotted", 1)
    assert (ours.__slots__, hasattr(ours, "__dict__")) == (std.__slots__, hasattr(std, "__dict__"))
    assert repr(ours) == repr(std).replace("STDLIB", "OURS")
    assert classes.replace(ours, b="r") == OURS.Slotted(1, "r")
    assert classes.replace(std, b="r") == STDLIB.Slotted(1, "r")  # a stdlib dataclass too
    row = OURS.Row(1, [3])
    assert classes.replace(row, b=[1, 2]).count == 2
    std_error = _outcome(lambda: dataclasses.replace(STDLIB.Row(1), count=3))  # noqa: TID251
    assert _outcome(lambda: classes.replace(row, count=3)) == std_error
    assert _outcome(lambda: OURS.Row(1, count=2))[0] == "TypeError"


def test_a_problem_pickles_and_sorts_as_before() -> None:
    from rung.problems import Level, Problem

    one = Problem("a.md", 2, 1, Level.ERROR, "r", "m")
    assert pickle.loads(pickle.dumps(one)) == one
    assert sorted([one, Problem("a.md", 1, 9, Level.NOTICE, "z", "m")])[0].line == 1
    assert one == Problem("a.md", 2, 1, Level.NOTICE, "r", "m")  # the level is not compared
    assert repr(one) == (
        "Problem(path='a.md', line=2, column=1, level=<Level.ERROR: 3>, rule='r', message='m')"
    )
