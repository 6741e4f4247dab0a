"""rung's JSON Schema subset evaluator agrees with the reference implementation."""

from __future__ import annotations

import copy
import json
from importlib import resources
from typing import Any

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from paths import REPO
from rung.schema import SUPPORTED_KEYWORDS, compiled, iter_errors, load_schema
from rung.yamlload import load_yaml

SCHEMA_NAMES = sorted(
    p.name.removesuffix(".schema.json")
    for p in resources.files("rung").joinpath("schemas").iterdir()
    if p.name.endswith(".schema.json")
)


def _keywords(node: Any, found: set[str], under_properties: bool = False) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            if not under_properties:
                found.add(key)
            _keywords(value, found, under_properties=key in {"properties", "$defs"})
    elif isinstance(node, list):
        for item in node:
            _keywords(item, found)


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_shipped_schemas_use_only_supported_keywords(name: str) -> None:
    schema = load_schema(name)
    jsonschema.Draft202012Validator.check_schema(schema)
    found: set[str] = set()
    _keywords(schema, found)
    assert found - SUPPORTED_KEYWORDS == set()


def _verdicts(data: Any, name: str) -> tuple[bool, bool]:
    schema = load_schema(name)
    ours = not list(iter_errors(data, schema, schema))
    theirs = jsonschema.Draft202012Validator(schema).is_valid(data)
    return ours, theirs


def _ladder(name: str) -> Any:
    doc, problems = load_yaml((REPO / "ladders" / f"{name}.yaml").read_text(), name)
    assert doc is not None, problems
    return doc.data


@pytest.mark.parametrize("ladder_id", ["thelotter", "dotnet", "beyond"])
def test_repository_ladders_are_valid_for_both(ladder_id: str) -> None:
    assert _verdicts(_ladder(ladder_id), "ladder") == (True, True)


MUTATIONS = [
    lambda d: d.pop("source"),
    lambda d: d.__setitem__("cumulative", "no"),
    lambda d: d["levels"][0].__setitem__("rank", "1"),
    lambda d: d["levels"][0].__setitem__("extra", 1),
    lambda d: d["levels"][0]["areas"][0]["criteria"][0].__setitem__("id", "Not An Id"),
    lambda d: d["levels"][0]["areas"][0]["criteria"][0].__setitem__("text", ""),
    lambda d: d["levels"][0].__setitem__("tenure", {"minimum_months": 12, "kind": "rule"}),
    lambda d: d["levels"][0].__setitem__("expected_ratings", {"x": 6}),
    lambda d: d["levels"][0]["areas"][0].__setitem__("name", 3),
    lambda d: d["tracks"][0].__setitem__("entry", True),
    lambda d: d["levels"][0].__setitem__("areas", {"a": 1}),
    lambda d: d["levels"][0].__setitem__("aka", None),
    lambda d: d.__setitem__("levels", []),  # destructive ones last: mutations apply in order
]


@settings(max_examples=120, deadline=None)
@given(
    st.sampled_from(["thelotter", "dotnet", "beyond"]),
    st.lists(st.sampled_from(range(len(MUTATIONS))), max_size=3, unique=True),
)
def test_verdicts_agree_on_broken_ladders(ladder_id: str, mutations: list[int]) -> None:
    data = copy.deepcopy(_ladder(ladder_id))
    for index in sorted(mutations):
        MUTATIONS[index](data)
    ours, theirs = _verdicts(data, "ladder")
    assert ours == theirs
    assert ours == (not mutations)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 9) | st.text(max_size=12),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(SCHEMA_NAMES), json_values)
def test_verdicts_agree_on_arbitrary_data(name: str, data: Any) -> None:
    ours, theirs = _verdicts(json.loads(json.dumps(data)), name)
    assert ours == theirs


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(SCHEMA_NAMES), json_values)
def test_fast_check_agrees_with_the_explaining_walk(name: str, data: Any) -> None:
    schema = load_schema(name)
    assert compiled(name)(data) == (not list(iter_errors(data, schema, schema)))


@settings(max_examples=120, deadline=None)
@given(
    st.sampled_from(["thelotter", "dotnet", "beyond"]),
    st.lists(st.sampled_from(range(len(MUTATIONS))), max_size=3, unique=True),
)
def test_fast_check_agrees_on_broken_ladders(ladder_id: str, mutations: list[int]) -> None:
    data = copy.deepcopy(_ladder(ladder_id))
    for index in sorted(mutations):
        MUTATIONS[index](data)
    assert compiled("ladder")(data) == (not mutations)
