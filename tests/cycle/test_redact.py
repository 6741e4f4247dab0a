"""rung.cycle.redact: whole words, any case or Unicode spelling, links into pull requests."""

from __future__ import annotations

import pytest

from rung.cycle.redact import MAX_TEXT, name_words, redactor

R = "[a committee member]"
ROSTER = redactor(
    ["rweiss", "a-ritter"],
    ["Robert Weiß", "Annabel Ritter", "Yoav Ben David", "José Núñez", "Siobhán O'Neill"],
)


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("Robert here", f"{R} here"),
        ("robert, ROBERT, RoBeRt", f"{R}, {R}, {R}"),
        ("WEISS and weiss and Weiß", f"{R} and {R} and {R}"),
        ("Ｒｏｂｅｒｔ", R),  # full-width letters
        ("Ro\u200bbert, Rit\u2060ter", f"{R}, {R}"),  # zero-width characters
        ("Robert's call", f"{R}'s call"),
        ("Weiss/Ritter", f"{R}/{R}"),
        ("Yoav Ben David agrees; so does ben", f"{R} agrees; so does {R}"),
        ("@rweiss and @someone-else/team", f"{R} and {R}"),
        ("RWEISS wrote it", f"{R} wrote it"),
        # Accents or none, composed or not, curly apostrophes: one name.
        ("Jose and NUNEZ and Núñez and Nu\u0301n\u0303ez", f"{R} and {R} and {R} and {R}"),
        ("Siobhan O’Neill, o'neill, SIOBHÁN", f"{R}, {R}, {R}"),
        # Whole words only: other words that merely contain a name stay.
        (
            "Roberta, Ritterhaus, a-ritter-like, Bennet",
            "Roberta, Ritterhaus, a-ritter-like, Bennet",
        ),
        # "pull" as a word is not a link.
        ("pull the plan forward", "pull the plan forward"),
        ("mail robert.weiss@acme.example today", "mail [an address] today"),
    ],
)
def test_people_come_out_whole_word_in_any_spelling(text: str, want: str) -> None:
    assert ROSTER(text) == want


@pytest.mark.parametrize(
    "link",
    [
        "https://github.com/acme/promotions/pull/7#discussion_r1",
        "https://github.com/acme/promotions/pull/7/files#r123",
        "https://ghe.example/acme/promotions/pull/7#pullrequestreview-9",
        "https://api.github.com/repos/acme/promotions/pulls/comments/1",
        "…/pull/7#discussion_r1",
        "acme/promotions/pulls",
        "#issuecomment-12345",
    ],
)
def test_links_into_pull_requests_go_keeping_the_sentence(link: str) -> None:
    assert ROSTER(f"(see {link}), then.") == "(see [a link]), then."


def test_other_urls_go_in_a_draft_and_stay_in_the_committees_words() -> None:
    text = "See https://wiki.example/ladder#planning."
    assert ROSTER(text) == "See [a link]."
    letter = redactor(["rweiss"], ["Robert Weiß"], every_url=False)
    assert letter(text) == text
    assert letter("https://github.com/acme/p/pull/7 by Robert") == f"[a link] by {R}"


def test_other_candidates_are_someone_else_and_text_is_one_bounded_line() -> None:
    r = redactor(["bob"], [], ["cand-00", "Zoë O'Brien"])
    assert r("unlike zoe\u0308 and O'BRIEN,\nor cand-00\tand bob") == (
        f"unlike [another person] and [another person], or [another person] and {R}"
    )
    assert len(r("word " * 1000)) == MAX_TEXT
    assert redactor([], [])("  plain\ntext  ") == "plain text"


def test_name_words_are_the_whole_and_each_name_of_two_letters_or_more() -> None:
    assert name_words("  Jean-Luc O'Neil Jr. X ") == {
        "Jean-Luc O'Neil Jr. X",
        "Jean-Luc",
        "O'Neil",
        "Jr",
    }
    assert name_words(" ") == set()


@pytest.mark.parametrize(
    "text", ['say "no" \\ # x: y', "private \ue000 and \U000f0001 use", "C1 \x9b stays escaped"]
)
def test_a_drafted_value_is_one_yaml_scalar_that_loads_back_exactly(text: str) -> None:
    from rung.cycle.feedback import _quoted
    from rung.loaders.yamlload import load_yaml

    line = f"key: {_quoted(text)}\n"
    assert line[:-1].isprintable()  # what YAML would refuse raw is written as an escape
    doc, problems = load_yaml(line, "draft.yaml")
    assert problems == [] and doc is not None and doc.data == {"key": text}
