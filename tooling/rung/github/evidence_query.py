"""The GraphQL document ``rung evidence`` sends, and reading one answer back: pure, no I/O.

The document must be valid against GitHub's published schema for *every* mix
of link kinds in a batch (tests/evidence/test_query.py validates them all):

* ``state`` is ``PullRequestState!`` on a pull request and ``IssueState!`` on an
  issue; both fragments are spread on the same ``issueOrPullRequest`` field, so
  the two must have distinct aliases (``pullState``, ``issueState``) or the
  fields cannot be merged and GitHub may refuse the whole batch;
* a variable may be declared only when something uses it: ``$login`` (whose
  reviews to read) only in a batch that holds a pull or issue link;
* ``Repository.object`` answers any git object, so a commit link's hash may
  name a tree, a blob or an annotated tag: the answer is then "not a commit",
  read from ``__typename`` before any field of a commit is.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rung.evidence.model import NOT_FOUND, Missing, Work
from rung.model.githublink import GitHubLink, kind_name

_FRAGMENTS = {
    "PullRequest": """fragment Pull on PullRequest {
  url pullState: state merged mergedAt createdAt updatedAt closedAt
  author { login } mergedBy { login }
  reviews(author: $login, first: 1) { nodes { submittedAt } }
}""",
    "Issue": """fragment Issue on Issue {
  url issueState: state createdAt updatedAt closedAt author { login }
}""",
    "Commit": """fragment Commit on Commit {
  url authoredDate author { user { login } }
  authors(first: 10) { nodes { user { login } } }
}""",
    "Discussion": """fragment Discussion on Discussion {
  url createdAt updatedAt closed closedAt author { login }
}""",
    "Release": """fragment Release on Release {
  url createdAt publishedAt updatedAt isDraft author { login }
}""",
}
# link kind -> (the field that finds it, its argument's type, the types it is read as)
FIELDS = {
    "pull": ("issueOrPullRequest(number: $n{i})", "Int!", ("PullRequest", "Issue")),
    "issue": ("issueOrPullRequest(number: $n{i})", "Int!", ("PullRequest", "Issue")),
    "discussion": ("discussion(number: $n{i})", "Int!", ("Discussion",)),
    "commit": ("object(expression: $n{i})", "String!", ("Commit",)),
    "release": ("release(tagName: $n{i})", "String!", ("Release",)),
}
_SPREAD = {
    "PullRequest": "...Pull",
    "Issue": "...Issue",
    "Commit": "...Commit",
    "Discussion": "...Discussion",
    "Release": "...Release",
}
# Fragments that read a variable the links do not carry.
_USES_LOGIN = {"PullRequest"}


def build_query(refs: Sequence[GitHubLink], candidate: str) -> tuple[str, dict[str, Any]]:
    """The query for up to ``BATCH`` links, and its variables."""
    declared: list[str] = []
    fields: list[str] = []
    used: set[str] = set()
    variables: dict[str, Any] = {}
    for i, ref in enumerate(refs):
        field, kind, types = FIELDS[ref.kind]
        declared += [f"$o{i}: String!", f"$r{i}: String!", f"$n{i}: {kind}"]
        variables |= {f"o{i}": ref.owner, f"r{i}": ref.repo}
        variables[f"n{i}"] = ref.number if kind == "Int!" else ref.ref
        used.update(types)
        spreads = " ".join(_SPREAD[t] for t in types)
        fields.append(
            f"  l{i}: repository(owner: $o{i}, name: $r{i}) {{ item: {field.format(i=i)} "
            f"{{ __typename {spreads} }} }}"
        )
    if used & _USES_LOGIN:
        # GitHub refuses a document that declares a variable nothing uses.
        declared.insert(0, "$login: String!")
        variables = {"login": candidate, **variables}
    query = (
        f"query Evidence({', '.join(declared)}) {{\n"
        "  rateLimit { limit cost remaining used resetAt }\n"
        + "\n".join(fields)
        + "\n}\n"
        + "\n".join(_FRAGMENTS[t] for t in _FRAGMENTS if t in used)
        + "\n"
    )
    return query, variables


def read_item(ref: GitHubLink, item: dict[str, Any], candidate: str) -> Work | Missing:
    """The work in GitHub's answer for ``ref``, or why it is none (a tree for a commit)."""
    typename = item.get("__typename")
    if typename not in FIELDS[ref.kind][2]:
        # A commit link's hash naming a tree, blob or tag: GitHub found an object,
        # just not the kind of work the link claims.
        what = str(typename or "something else").lower()
        name = f"{ref.number}" if ref.number else ref.ref
        where = f"{ref.owner}/{ref.repo}"
        return Missing(NOT_FOUND, f"{where} has no {kind_name(ref.kind)} {name}: it is a {what}")
    return work_from(item, candidate)


def _login(actor: Any) -> str | None:
    if isinstance(actor, dict) and isinstance(actor.get("login"), str):
        return str(actor["login"])
    return None  # a deleted account: GitHub answers null


def work_from(item: dict[str, Any], candidate: str) -> Work:
    """A ``Work`` from one GraphQL node (PullRequest, Issue, Commit, Discussion, Release)."""
    typename = item.get("__typename")
    text = {k: v if isinstance(v, str) else "" for k, v in item.items()}
    url = text.get("url", "")
    if typename == "PullRequest":
        reviews = (item.get("reviews") or {}).get("nodes") or []
        state = "merged" if item.get("merged") else str(item.get("pullState", "")).lower()
        return Work(
            "pull",
            url,
            _login(item.get("author")),
            state,
            created=text.get("createdAt", ""),
            updated=text.get("updatedAt", ""),
            merged=text.get("mergedAt", ""),
            closed=text.get("closedAt", ""),
            merged_by=_login(item.get("mergedBy")),
            reviewed=str((reviews[0] or {}).get("submittedAt") or "") if reviews else "",
            candidate=candidate,
        )
    if typename == "Commit":
        logins = [
            _login((node or {}).get("user"))
            for node in (item.get("authors") or {}).get("nodes") or []
        ]
        first = _login((item.get("author") or {}).get("user"))
        coauthors = tuple(x for x in logins if x is not None and x != first)
        return Work(
            "commit", url, first, "committed", text.get("authoredDate", ""), coauthors=coauthors
        )
    if typename == "Release":
        state = "draft" if item.get("isDraft") else "published"
        created = text.get("publishedAt") or text.get("createdAt", "")
        return Work(
            "release",
            url,
            _login(item.get("author")),
            state,
            created,
            updated=text.get("updatedAt", ""),
        )
    if typename == "Discussion":
        state = "closed" if item.get("closed") else "open"
    else:
        state = str(item.get("issueState", "")).lower()
    kind = "discussion" if typename == "Discussion" else "issue"
    return Work(
        kind,
        url,
        _login(item.get("author")),
        state,
        created=text.get("createdAt", ""),
        updated=text.get("updatedAt", ""),
        closed=text.get("closedAt", ""),
    )
