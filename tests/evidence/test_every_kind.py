"""`rung evidence` on every mix of link kinds in one batch, against a fake bound to GitHub's
schema: each query is validated and executed against ``schema.graphql``, so an answer
carries GitHub's types and nulls (a deleted author is ``author: null``, a commit hash
may name a tree, a blob or a tag) and only the fields asked for.

What GitHub's schema does not describe and these tests still assume (the fake's
docstring has the list): which lookups answer null with a NOT_FOUND error and
which without one, that a repository the token cannot see answers like one that
does not exist, and that a spent rate limit is HTTP 200 with one RATE_LIMITED error.
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import pytest

from evidence import test_evidence
from evidence.fake import RATE_LIMITED_MESSAGE, FakeGraphQL
from evidence.test_evidence import marks, run

gh = test_evidence.gh  # the fixture: a FakeGraphQL in the environment, a fresh cache

BASE = "https://github.com/acme/work"
COMMIT = "1" * 40
GHOST_COMMIT = "2" * 40
TREE, BLOB, TAG = "3" * 40, "4" * 40, "5" * 40
HIDDEN = "not checked: acme/private is not visible to rung's token (or does not exist)"

# kind -> [(link, the mark rung must give it)]; each kind also cites acme/private.
CASES: dict[str, list[tuple[str, str]]] = {
    "pull": [
        (f"{BASE}/pull/1", "✓ authored by @dana-levi, merged 2026-03-02"),
        (f"{BASE}/pull/2", "⚠ authored by an unknown author"),  # a deleted account
        (f"{BASE}/pull/3", "✓ authored by @dana-levi, opened 2026-05-04"),  # a draft
        (f"{BASE}/pull/4", "✓ reviewed by @dana-levi 2026-02-10 (authored by @bo-chen)"),
        ("https://github.com/acme/private/pull/1", HIDDEN),
    ],
    "issue": [
        (f"{BASE}/issues/10", "✓ authored by @dana-levi, closed 2026-03-01"),
        (f"{BASE}/issues/11", "⚠ authored by an unknown author"),
        ("https://github.com/acme/private/issues/1", HIDDEN),
    ],
    "commit": [
        (f"{BASE}/commit/{COMMIT}", "✓ authored by @dana-levi, committed 2026-04-01"),
        (f"{BASE}/commit/{GHOST_COMMIT}", "⚠ authored by an unknown author"),
        (f"{BASE}/commit/{TREE}", f"⚠ not found: acme/work has no commit {TREE}: it is a tree"),
        (f"{BASE}/commit/{BLOB}", f"⚠ not found: acme/work has no commit {BLOB}: it is a blob"),
        (f"{BASE}/commit/{TAG}", f"⚠ not found: acme/work has no commit {TAG}: it is a tag"),
        (f"https://github.com/acme/private/commit/{COMMIT}", HIDDEN),
    ],
    "discussion": [
        (f"{BASE}/discussions/20", "✓ authored by @dana-levi, opened 2026-02-02"),
        (f"{BASE}/discussions/21", "⚠ authored by an unknown author"),
        ("https://github.com/acme/private/discussions/1", HIDDEN),
    ],
    "release": [
        (f"{BASE}/releases/tag/v1", "✓ authored by @dana-levi, published 2026-04-04"),
        (
            f"{BASE}/releases/tag/v2",
            "⚠ authored by @dana-levi, drafted 2026-04-05",
        ),  # a draft says so
        (f"{BASE}/releases/tag/v3", "⚠ authored by an unknown author"),
        ("https://github.com/acme/private/releases/tag/v1", HIDDEN),
    ],
}
MIXES = [
    mix for size in range(1, len(CASES) + 1) for mix in itertools.combinations(sorted(CASES), size)
]


def world(gh: FakeGraphQL) -> None:
    gh.add_pull_work("acme/work", 1, "dana-levi")
    gh.add_pull_work("acme/work", 2, None)
    gh.add_pull_work("acme/work", 3, "dana-levi", state="OPEN", merged=None,
                     created="2026-05-04", draft=True)  # fmt: skip
    gh.add_pull_work("acme/work", 4, "bo-chen", reviews=((None, "2026-01-02"),
                     ("dana-levi", "2026-02-10")))  # fmt: skip
    gh.add_issue_work("acme/work", 10, "dana-levi", created="2026-02-01", closed="2026-03-01")
    gh.add_issue_work("acme/work", 11, None, created="2026-02-01")
    gh.add_commit_work("acme/work", COMMIT, "dana-levi", date="2026-04-01")
    gh.add_commit_work("acme/work", GHOST_COMMIT, None, date="2026-04-01")
    gh.add_git_object("acme/work", TREE, "Tree")
    gh.add_git_object("acme/work", BLOB, "Blob")
    gh.add_git_object("acme/work", TAG, "Tag")
    gh.add_discussion_work("acme/work", 20, "dana-levi", created="2026-02-02")
    gh.add_discussion_work("acme/work", 21, None, created="2026-02-02")
    gh.add_release_work("acme/work", "v1", "dana-levi", published="2026-04-04")
    gh.add_release_work("acme/work", "v2", "dana-levi", published="2026-04-05", draft=True)
    gh.add_release_work("acme/work", "v3", None, published="2026-04-06")
    gh.repository("acme/private").visible = False


@pytest.mark.parametrize("kinds", MIXES, ids="+".join)
def test_every_mix_of_link_kinds_in_one_batch(
    gh: FakeGraphQL, tmp_path: Path, capsys: Any, kinds: tuple[str, ...]
) -> None:
    world(gh)
    cases = [case for kind in kinds for case in CASES[kind]]
    result = run(tmp_path, capsys, {"Work.": [link for link, _ in cases]}, "--no-cache")
    assert marks(result) == [mark for _, mark in cases]
    [call] = gh.graphql_calls()  # one batch, which GitHub's schema accepted
    assert ("login" in call.body["variables"]) == bool({"pull", "issue"} & set(kinds))


def test_a_draft_release_is_a_warning_that_says_so(
    gh: FakeGraphQL, tmp_path: Path, capsys: Any
) -> None:
    world(gh)
    result = run(tmp_path, capsys, {"Work.": [f"{BASE}/releases/tag/v2"]}, "--no-cache")
    [link] = result["links"]
    assert (link["status"], link["state"], link["notes"]) == (
        "warning",
        "draft",
        ["a draft release"],
    )


def test_a_tree_or_tag_for_a_commit_is_not_found_and_never_a_crash(
    gh: FakeGraphQL, tmp_path: Path, capsys: Any
) -> None:
    """GitHub answers ``object(expression:)`` with any git object; a tolerant GitHub sent
    the Tree back and rung crashed with ``internal error (KeyError: 'url')``, exit 3.
    The answer is replayed as GitHub sends it, whatever the query's validity."""
    tree = {"data": {"rateLimit": None, "l0": {"item": {"__typename": "Tree"}},
                     "l1": {"item": {"__typename": "Tag"}}}}  # fmt: skip
    gh.fail("POST", "/graphql", 200, body=tree)
    links = [f"{BASE}/commit/{TREE}", f"{BASE}/commit/{TAG}"]
    result = run(tmp_path, capsys, {"Work.": links}, "--no-cache")
    assert marks(result) == [
        f"⚠ not found: acme/work has no commit {TREE}: it is a tree",
        f"⚠ not found: acme/work has no commit {TAG}: it is a tag",
    ]


def test_only_commits_releases_and_discussions_are_read_not_refused(
    gh: FakeGraphQL, tmp_path: Path, capsys: Any
) -> None:
    """On main such a batch declared ``$login`` and never used it: GitHub refused the whole
    query and every link was "not checked: GitHub refused the query"."""
    world(gh)
    links = [f"{BASE}/commit/{COMMIT}", f"{BASE}/releases/tag/v1", f"{BASE}/discussions/20"]
    result = run(tmp_path, capsys, {"Work.": links}, "--no-cache")
    assert [link["status"] for link in result["links"]] == ["verified"] * 3


def test_a_spent_rate_limit_stops_the_run_and_says_so(
    gh: FakeGraphQL, tmp_path: Path, capsys: Any
) -> None:
    """Two requests' worth of points for four batches: the third is refused, the fourth
    never sent, and nothing refused is cached."""
    for number in range(1, 351):
        gh.add_pull_work("acme/big", number, "dana-levi")
    gh.rate_remaining = 2
    links = {f"Change {n}.": [f"https://github.com/acme/big/pull/{n}"] for n in range(1, 351)}
    result = run(tmp_path, capsys, links)
    spent = (
        f"not checked: GitHub's GraphQL rate limit is used up ({RATE_LIMITED_MESSAGE}); "
        "rerun after it resets"
    )
    assert marks(result) == ["✓ authored by @dana-levi, merged 2026-03-02"] * 200 + [spent] * 150
    assert len(gh.graphql_calls()) == 3
    assert gh.graphql_calls()[-1].response == {
        "errors": [{"type": "RATE_LIMITED", "message": RATE_LIMITED_MESSAGE}]
    }
    assert result["summary"]["verified"] == 200
    assert result["github"]["remaining"] == 0
