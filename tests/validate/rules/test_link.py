"""`link`: absolute https URLs to allowed hosts, none cited under more than 3 criteria."""

from __future__ import annotations

import pytest

from rung.problems import Level
from rung.validate.rules.link import host_allowed, link_problem
from textedit import edit


@pytest.mark.parametrize(
    ("link", "problem"),
    [
        ("https://github.com/acme/shop/pull/1", None),
        ("HTTPS://GitHub.com/acme", None),
        ("http://github.com/acme", "uses http; use https://"),
        ("github.com/acme", "is not an absolute URL; write it in full, starting with https://"),
        ("//github.com/acme", "is not an absolute URL; write it in full, starting with https://"),
        ("file:///etc/passwd", "uses 'file:'; only https:// links are allowed"),
        ("https:///path-only", "has no host; write it as https://host/path"),
        ("https://[::1", "is not a valid URL; write an absolute https:// URL"),
        ("https://u:p@github.com/", "contains credentials before '@'; remove them from the URL"),
        (
            "https://github.com/a b",
            "contains whitespace or control characters; write the URL without them",
        ),
    ],
)
def test_link_problem(link: str, problem: str | None) -> None:
    assert link_problem(link) == problem


@pytest.mark.parametrize(
    ("host", "allowed"),
    [
        ("github.com", True),
        ("GitHub.com.", True),
        ("gist.github.com", False),
        ("docs.example.com", True),
        ("a.b.example.com", True),
        ("example.com", False),
        ("badexample.com", False),
    ],
)
def test_host_allow_list(host: str, allowed: bool) -> None:
    assert host_allowed(host, ("github.com", "*.example.com")) is allowed


def test_bad_link_points_at_the_list_item(lint, clean: str) -> None:
    text = edit(
        clean,
        "[https://github.com/acme/shop/pull/1]",
        "[https://github.com/acme/shop/pull/1, http://docs.example.com/x]",
    )
    assert lint(text) == [
        (15, 52, Level.ERROR, "link", 'link "http://docs.example.com/x" uses http; use https://')
    ]


def test_a_host_outside_the_ladder_policy(lint, clean: str) -> None:
    text = edit(
        clean,
        "https://github.com/acme/shop/pull/1",
        "https://gitlab.com/acme/shop/-/merge_requests/1",
    )
    assert lint(text) == [
        (
            15,
            15,
            Level.ERROR,
            "link",
            "link \"https://gitlab.com/acme/shop/-/merge_requests/1\" points to 'gitlab.com', which "
            "the ladder's policy does not allow (allowed: github.com, *.example.com)",
        )
    ]


def test_a_link_under_four_criteria_warns_at_the_fourth(lint, clean: str) -> None:
    same = "https://github.com/acme/shop"
    text = clean.replace("https://github.com/acme/shop/pull/1", same)
    text = text.replace("https://docs.example.com/checkout", same)
    text = text.replace("https://docs.example.com/payments", "https://docs.example.com/p")
    text = edit(
        text,
        "  ic3.team.mentors:\n    gap: No one to mentor yet; a new hire joins in August.\n",
        f"  ic3.team.mentors:\n    - claim: Mentored Bo.\n      links: [{same}]\n"
        f"  ic2.craft.designs:\n    - claim: Designed coupons.\n      links: [{same}]\n"
        f"  ic2.craft.reviews:\n    - claim: Reviews.\n      links: [{same}, {same}]\n",
    )
    found = [f for f in lint(text) if f[3] == "link"]
    assert found == [
        (
            26,
            15,
            Level.WARNING,
            "link",
            'link "https://github.com/acme/shop" is cited under 5 criteria (lines 15, 18, 23, 26 '
            "and 29); cite the specific work for each, at most 3 times",
        )
    ]
