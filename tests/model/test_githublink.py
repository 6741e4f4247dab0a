"""GitHub links: what they point at, their canonical form and comparison key."""

from __future__ import annotations

import pytest

from rung.model.githublink import GitHubLink, Malformed, parse


@pytest.mark.parametrize(
    ("link", "canonical", "key"),
    [
        (
            "https://github.com/acme/shop/pull/12",
            "https://github.com/acme/shop/pull/12",
            "github.com/acme/shop/pull/12",
        ),
        (
            "https://www.GitHub.com/ACME/Shop/pull/12/files#diff-3f",
            "https://www.github.com/ACME/Shop/pull/12",
            "github.com/acme/shop/pull/12",
        ),
        (
            "https://github.com/acme/shop/issues/7#issuecomment-991",
            "https://github.com/acme/shop/issues/7#issuecomment-991",
            "github.com/acme/shop/issue/7#issuecomment-991",
        ),
        (
            "https://github.com/acme/shop/commit/ABCDEF1234",
            "https://github.com/acme/shop/commit/abcdef1234",
            "github.com/acme/shop/commit/abcdef1234",
        ),
        (
            "https://github.com/acme/shop/releases/tag/v2.0.0-RC1",
            "https://github.com/acme/shop/releases/tag/v2.0.0-RC1",
            "github.com/acme/shop/release/v2.0.0-RC1",
        ),
        (
            "https://github.com/acme/shop/discussions/3/",
            "https://github.com/acme/shop/discussions/3",
            "github.com/acme/shop/discussion/3",
        ),
    ],
)
def test_canonical_form_and_key(link: str, canonical: str, key: str) -> None:
    found = parse(link)
    assert isinstance(found, GitHubLink)
    assert (found.canonical, found.key) == (canonical, key)


@pytest.mark.parametrize(
    "link",
    [
        "https://docs.example.com/acme/shop/pull/1",  # another host
        "http://github.com/acme/shop/pull/1",  # the `link` rule reports http
        "https://github.com/acme",
        "https://github.com/acme/shop",
        "https://github.com/acme/shop/pulls?q=author%3Adana",
        "https://github.com/acme/shop/issues",
        "https://github.com/acme/shop/commits/main",
        "https://github.com/acme/shop/blob/main/README.md",
        "https://github.com/-bad-/shop/pull/1",
        "https://github.com/acme/../pull/1",
        "https://github.com:8443/acme/shop/pull/1",
    ],
)
def test_not_one_work_item(link: str) -> None:
    assert parse(link) is None


@pytest.mark.parametrize(
    "link",
    [
        "https://github.com/acme/shop/pull/",
        "https://github.com/acme/shop/pull/abc",
        "https://github.com/acme/shop/pull/0",
        "https://github.com/acme/shop/pull/99999999999",  # past GraphQL's Int
        "https://github.com/acme/shop/issues/new",
        "https://github.com/acme/shop/commit/",
        "https://github.com/acme/shop/commit/xyz",
        "https://github.com/acme/shop/releases/tag/a..b",
        "https://github.com/acme/shop/releases/tag/with%20space",
    ],
)
def test_malformed(link: str) -> None:
    assert isinstance(parse(link), Malformed)


def test_only_validated_parts_leave_the_parser() -> None:
    found = parse('https://github.com/acme/shop/pull/5?x=${{secrets.TOKEN}}#"><script>')
    assert isinstance(found, GitHubLink)
    assert (found.owner, found.repo, found.number, found.ref, found.comment) == (
        "acme",
        "shop",
        5,
        "",
        "",
    )
