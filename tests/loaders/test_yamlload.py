"""The strict YAML loader: positions, refusals, and YAML 1.1 surprises kept as text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rung.loaders import yamlload
from rung.loaders.yamlload import load_yaml, split_front_matter


def test_values_keep_the_text_the_author_wrote() -> None:
    doc, problems = load_yaml(
        "a: no\nb: 2024-07\nc: 012\nd: 1.5\ne: 0x1F\nf: off\ng: 7\nh: true\ni:\nj: '7'\n", "f"
    )
    assert problems == []
    assert doc is not None
    assert doc.data == {
        "a": "no",
        "b": "2024-07",
        "c": "012",
        "d": "1.5",
        "e": "0x1F",
        "f": "off",
        "g": 7,
        "h": True,
        "i": None,
        "j": "7",
    }


def test_keys_are_text_as_written() -> None:
    doc, _ = load_yaml("no: 1\n012: 2\ntrue: 3\n", "f")
    assert doc is not None
    assert list(doc.data) == ["no", "012", "true"]


def test_positions_are_absolute_with_the_front_matter_offset() -> None:
    doc, _ = load_yaml("top:\n  - name: x\n    links: [a, b]\n", "f", first_line=5)
    assert doc is not None
    assert doc.key_at(("top",)) == (5, 1)
    assert doc.value_at(("top", 0)) == (6, 5)
    assert doc.key_at(("top", 0, "links")) == (7, 5)
    assert doc.value_at(("top", 0, "links", 1)) == (7, 16)
    # A path that does not exist falls back to its nearest located ancestor.
    assert doc.value_at(("top", 0, "missing", 3)) == (6, 5)


@pytest.mark.parametrize(
    ("text", "line", "column", "message"),
    [
        ("a: 1\nb: 2\na: 3\n", 3, 1, "duplicate key 'a' (first defined on line 1)"),
        ("a: &x [1]\nb: *x\n", 1, 4, "anchors (&x) are not allowed; repeat the value"),
        (
            "a: !!python/object:os.system x\n",
            1,
            4,
            "tags (tag:yaml.org,2002:python/object:os.system)",
        ),
        ("base: {a: 1}\nb:\n  <<: {a: 1}\n", 3, 3, "merge keys (<<) are not allowed"),
        ("? [a]\n: 1\n", 1, 3, "a mapping key must be a plain value"),
        ("a: 1\n---\nb: 2\n", 2, 1, "more than one YAML document; keep one"),
        ("a: " + "[" * 100, 1, 67, "nesting deeper than 64 levels"),
        ("a: b\x07\n", 1, 5, "character U+0007 is not allowed in YAML"),
    ],
)
def test_refusals_are_one_finding_at_the_offending_node(
    text: str, line: int, column: int, message: str
) -> None:
    doc, problems = load_yaml(text, "f.yaml")
    assert doc is None
    assert len(problems) == 1
    found = problems[0]
    assert (found.path, found.line, found.column, found.rule) == ("f.yaml", line, column, "yaml")
    assert found.message.startswith(message)


def test_a_billion_laughs_is_refused_without_expansion() -> None:
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    doc, problems = load_yaml("\n".join(lines), "bomb.yaml")
    assert doc is None
    assert [(p.line, p.message) for p in problems] == [
        (1, "anchors (&a0) are not allowed; repeat the value")
    ]


def test_deep_nesting_is_refused_without_recursion() -> None:
    doc, problems = load_yaml("[" * 10_000 + "]" * 10_000, "deep.yaml")
    assert doc is None
    assert problems[0].message == "nesting deeper than 64 levels"


def test_front_matter_split_keeps_line_numbers() -> None:
    front, problems = split_front_matter("---\na: 1\n---\n# Title\nbody\n", "p.md")
    assert problems == []
    assert front is not None
    assert (front.yaml_text, front.yaml_first_line) == ("a: 1\n", 2)
    assert (front.body, front.body_first_line) == ("# Title\nbody\n", 4)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("# no front matter\n", "the file must start with '---' and YAML front matter"),
        ("", "the file must start with '---' and YAML front matter"),
        (
            "---\na: 1\n",
            "the front matter opened on line 1 is never closed; add a line '---' after it",
        ),
    ],
)
def test_front_matter_problems(text: str, message: str) -> None:
    front, problems = split_front_matter(text, "p.md")
    assert front is None
    assert [(p.line, p.message) for p in problems] == [(1, message)]


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_gives_data_or_findings_never_an_exception(text: str) -> None:
    doc, problems = load_yaml(text, "any.yaml", first_line=3)
    assert (doc is None) == bool(problems)
    line_count = text.count("\n") + text.count("\r") + 3
    for problem in problems:
        assert 1 <= problem.line <= line_count + 1


yaml_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-5, 50)
    | st.sampled_from(["no", "2024-07", "012", "~", "yes", "1.5", "R&D", "a: b", "x # y"])
    | st.text(alphabet=st.characters(blacklist_categories=["Cs", "Cc"]), max_size=15),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.text(alphabet="abcdefgh-_.0123", max_size=8), children, max_size=4)
    ),
    max_leaves=25,
)


@settings(max_examples=300, deadline=None)
@given(yaml_values, st.booleans())
def test_fast_and_event_paths_agree(data: object, flow: bool) -> None:
    """The C-composed fast path and the event walk give the same data and positions."""
    import yaml

    from rung.loaders import yamlfast, yamlload
    from rung.loaders.yamldoc import Lines

    text = yaml.safe_dump({"root": data}, default_flow_style=flow, allow_unicode=True)
    lines = Lines(text, 4)
    fast = yamlfast.build_from_nodes(yaml.compose(text, Loader=yamlfast.NodeLoader), lines)
    slow = yamlload._build(yaml.parse(text, Loader=yaml.CSafeLoader), lines)
    assert fast.data == slow.data
    assert fast.values == slow.values
    assert fast.keys == slow.keys
    for path in slow.values:
        assert fast.value_at(path) == slow.value_at(path)
        assert fast.key_at(path) == slow.key_at(path)


@pytest.mark.parametrize("text", ["'': []\n", '"": {a: 1}\n', "? \n: 1\n"])
def test_an_empty_key_is_an_ordinary_key(text: str) -> None:
    doc, problems = load_yaml(text, "f")
    assert problems == []
    assert doc is not None
    assert list(doc.data) == [""]
    assert doc.key_at(("",))[0] == 1


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85"])
def test_unicode_line_separators_do_not_shift_positions(separator: str) -> None:
    doc, problems = load_yaml(f'a: "x{separator}y"\nb: 1\nc: [1, 2]\n', "f", first_line=2)
    assert problems == []
    assert doc is not None
    assert doc.key_at(("b",)) == (3, 1)
    assert doc.value_at(("c", 1)) == (4, 8)


def test_long_digit_strings_stay_text() -> None:
    doc, _ = load_yaml("a: " + "9" * 5000 + "\nb: 123456789012345678\n", "f")
    assert doc is not None
    assert doc.data == {"a": "9" * 5000, "b": 123456789012345678}


def test_one_line_block_nesting_never_reaches_the_recursive_composer() -> None:
    doc, problems = load_yaml("a:\n  " + "- " * 100_000 + "x\n", "f")
    assert doc is None
    assert [(p.line, p.message) for p in problems] == [(2, "nesting deeper than 64 levels")]


def _split_by_lines(text: str) -> object:
    fast = yamlload._split_fast
    yamlload._split_fast = lambda _: None  # type: ignore[assignment]
    try:
        return yamlload.split_front_matter(text, "p")
    finally:
        yamlload._split_fast = fast


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("-.\n a\t")), max_size=30))
def test_the_fast_front_matter_split_answers_as_the_line_split(text: str) -> None:
    """``split_front_matter`` finds a closing ``---`` line with ``str.find`` (issue 29)."""
    assert yamlload.split_front_matter(text, "p") == _split_by_lines(text)
