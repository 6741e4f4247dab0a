"""rung's JSON Schema subset evaluator agrees with the reference implementation."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from importlib import resources
from typing import Any

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from paths import REPO
from rung.loaders.schema import SUPPORTED_KEYWORDS, iter_errors, schema_problems
from rung.loaders.schema_fast import CONTROL, compiled, load_schema
from rung.loaders.yamlload import load_yaml, plain_text

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


# No control characters (newline included): there rung is stricter than Python's
# jsonschema on purpose, see test_patterns_match_whole_values and below.
_text = st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=12)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 9) | _text,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(_text, children, max_size=4),
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


PACKET: dict[str, Any] = {
    "candidate": "dana-levi",
    "name": "Dana Levi",
    "manager": "mkatz",
    "ladder": "ic",
    "from": "ic-1",
    "to": "ic-2",
    "cycle": "2026-H2",
    "in_level_since": "2025-01",
    "evidence": {"ic-2.a.b": [{"claim": "Did it."}]},
}


def _messages(data: Any, name: str = "packet") -> list[str]:
    schema = load_schema(name)
    found = [
        ".".join(map(str, e.path)) + ": " + e.message for e in iter_errors(data, schema, schema)
    ]
    assert compiled(name)(data) == (not found)  # the fast check says the same
    return found


def test_the_base_packet_is_valid() -> None:
    assert _messages(PACKET) == []


@pytest.mark.parametrize("field", ["manager", "candidate", "cycle", "to"])
def test_patterns_match_whole_values(field: str) -> None:
    """``$`` in Python matches before a final newline: ``manager: "mkatz\\n"`` must not pass."""
    data = {**PACKET, field: PACKET[field] + "\n"}
    assert jsonschema.Draft202012Validator(load_schema("packet")).is_valid(data)  # the hole
    [message] = _messages(data)
    assert message.startswith(f"{field}: ") and "is not in the expected form" in message


def test_property_names_match_whole_names() -> None:
    data = {**PACKET, "evidence": {"ic-2.a.b\n": [{"claim": "x"}]}}
    assert _messages(data) == [
        "evidence.ic-2.a.b\n: 'ic-2.a.b\n' is not a valid name (e.g. 'ic-l5.execution.hld-for-epics')"
    ]


@pytest.mark.parametrize("char", ["\x00", "\x1b", "\r", "\x7f", "\x85", "\x9b", "\x0b"])
def test_control_characters_are_findings_in_every_text_value(char: str) -> None:
    data = copy.deepcopy(PACKET)
    data["name"] = f"Dana{char}Levi"
    data["evidence"]["ic-2.a.b"][0]["claim"] = f"Did{char}it."
    code = f"U+{ord(char):04X}"
    assert _messages(data) == [
        f"name: contains the control character {code}; remove it (text may hold tabs and "
        "line breaks, nothing else below U+0020)",
        f"evidence.ic-2.a.b.0.claim: contains the control character {code}; remove it (text "
        "may hold tabs and line breaks, nothing else below U+0020)",
    ]


def test_tabs_and_line_breaks_stay_allowed_in_text() -> None:
    data = copy.deepcopy(PACKET)
    data["evidence"]["ic-2.a.b"][0]["claim"] = "Line one,\n\tand two."
    assert _messages(data) == []


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_every_shipped_pattern_is_anchored(name: str) -> None:
    """With ``^...$`` on every pattern, fullmatch is exactly JSON Schema's (ECMA-262) verdict."""
    patterns: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("pattern"), str):
                patterns.append(node["pattern"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(load_schema(name))
    assert patterns
    assert [p for p in patterns if not (p.startswith("^") and p.endswith("$"))] == []


_claims = st.sampled_from(["Did it.", "", " ", "tab\there", "bell\x07", 3, None, True])
_links = st.lists(st.sampled_from(["https://x.example/1", "", 7, None]), max_size=3) | st.just(
    "https://x.example/1"
)
_item: st.SearchStrategy[Any] = st.fixed_dictionaries(
    {}, optional={"claim": _claims, "links": _links, "extra": st.just("x")}
) | st.sampled_from([[], "text", 1, None])
_entry = st.one_of(
    st.lists(_item, max_size=3),
    st.fixed_dictionaries({}, optional={"gap": _claims, "claim": _claims}),
    st.sampled_from(["gap", 0, None, True, 1.5]),
)


@settings(max_examples=600, deadline=None)
@given(
    st.dictionaries(st.sampled_from(["ic-2.a.b", "ic-2.a.c", "Bad Id", "x.y"]), _entry, max_size=3)
)
def test_fast_check_agrees_on_evidence_of_every_shape(evidence: dict[str, Any]) -> None:
    """Evidence entries: lists of items or a gap (``oneOf``, taken by the value's
    class), items and gaps with missing, extra and mistyped keys and values."""
    data = {**PACKET, "evidence": evidence}
    schema = load_schema("packet")
    assert compiled("packet")(data) == (not list(iter_errors(data, schema, schema)))


class _Mapping(dict):  # type: ignore[type-arg]
    pass


def test_the_fast_check_refuses_a_mapping_of_another_class() -> None:
    """As before its class dispatch: only YAML's and JSON's own dict is a mapping to
    the fast check (the explaining walk then finds nothing, and the caller says so)."""
    assert not compiled("packet")({**PACKET, "evidence": {"ic-2.a.b": [_Mapping(claim="x")]}})
    assert not compiled("packet")({**PACKET, "evidence": {"ic-2.a.b": _Mapping(gap="x")}})
    assert compiled("packet")({**PACKET, "evidence": {"ic-2.a.b": {"gap": "x"}}})


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


_YAML_PIECES = st.sampled_from(
    [
        "name: ",
        "claim: ",
        "- ",
        "\n",
        "\n  ",
        "\t",
        " ",
        "x",
        '"',
        "'",
        "''",
        "\\",
        "\\x07",
        "\\e",
        "\\u0085",
        "\\N",
        "|\n  ",
        ">-\n  ",
        "\x07",
        "\x1b",
        "\r",
        "\x85",
        "\u2028",
        "é",
        "[a, b]",
        "{k: v}",
        "# c",
    ]
)


@settings(max_examples=1500, deadline=None)
@given(st.lists(_YAML_PIECES, max_size=14))
def test_a_plain_text_document_holds_no_control_character(parts: list[str]) -> None:
    """What lets the fast check skip looking for control characters (issue 29): when
    load_yaml calls a text plain, no key or value of it holds one, and the two
    compiled checks agree on it."""
    text = "".join(parts)
    assert plain_text(text) == (
        text.isascii() and "\\" not in text and CONTROL.search(text) is None
    )
    doc, _ = load_yaml(text, "f.yaml")
    if doc is None:
        return
    assert doc.plain_text == plain_text(text)
    if doc.plain_text:
        assert [s for s in _strings(doc.data) if CONTROL.search(s)] == []
        for name in ("packet", "people"):
            assert compiled(name, True)(doc.data) == compiled(name)(doc.data)


def test_an_escaped_control_character_is_still_a_finding() -> None:
    text = 'candidate: dana-levi\nname: "Dana\\x07Levi"\n'
    doc, _ = load_yaml(text, "f.yaml", 2)
    assert doc is not None
    assert not doc.plain_text
    assert not compiled("packet")(doc.data)
    messages = [p.message for p in schema_problems(doc, "packet", "f.yaml", "schema")]
    assert "name: contains the control character U+0007" in "\n".join(messages)
