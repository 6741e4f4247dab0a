"""GitHub web links to one piece of work, and their canonical forms.

A packet cites work as web addresses: ``https://github.com/acme/payments/pull/1044``,
or one of its views (``.../pull/1044/files``), an issue, a commit, a discussion or
a release.  ``parse`` recognises those on a GitHub host and returns what the link
points at, its canonical form and the key two links are compared by.  It is
pure and cheap (the validate path uses it); only owner, repository, number,
commit hash and tag ever leave it, each checked against GitHub's own syntax, so
nothing else a packet says can reach a query.
"""

from __future__ import annotations

import functools
from urllib.parse import unquote, urlsplit

from rung.classes import dataclass
from rung.patterns import lazy

GITHUB_HOSTS = frozenset({"github.com", "www.github.com"})
KINDS = ("pull", "issue", "commit", "discussion", "release")

# GitHub's own limits: a login is 1-39 letters, digits and inner hyphens; a
# repository name is letters, digits, '.', '-' and '_' (not '.' or '..').
_OWNER = lazy(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,37}[A-Za-z0-9])?\Z")
_REPO = lazy(r"[A-Za-z0-9._-]{1,100}\Z")
_NUMBER = lazy(r"[1-9][0-9]{0,9}\Z")
_SHA = lazy(r"[0-9a-fA-F]{7,40}\Z")
# A git tag: no control characters, spaces, '~^:?*[\' or '..' (git check-ref-format).
_TAG = lazy(r"(?!.*\.\.)[^\x00-\x20\x7f~^:?*\[\\]{1,200}\Z")
_COMMENT = lazy(r"(issuecomment|discussion_r|pullrequestreview|discussioncomment)-?[0-9]+\Z")
_VIEWS = {"files": "files view", "commits": "commits view", "checks": "checks view"}
MAX_NUMBER = 2**31 - 1  # GraphQL's Int
# The canonical form itself, as most links are written: parsed without urlsplit.
_CANONICAL = lazy(
    r"https://github\.com/([A-Za-z0-9][A-Za-z0-9-]{0,38})/([A-Za-z0-9._-]{1,100})/"
    r"(?:(pull|issues|discussions)/([1-9][0-9]{0,8})|commit/([0-9a-f]{7,40}))\Z"
)
_UNSAFE = lazy(r"[\s\x00-\x1f\x7f]")
_SECTION_KIND = {"pull": "pull", "issues": "issue", "discussions": "discussion"}


@dataclass(frozen=True)
class GitHubLink:
    """One piece of work on GitHub that a link points at."""

    host: str  # lower case
    owner: str
    repo: str
    kind: str  # one of KINDS
    number: int = 0  # pull, issue, discussion
    ref: str = ""  # commit hash (lower case) or release tag
    comment: str = ""  # the fragment of a link to one comment, e.g. issuecomment-123
    note: str = ""  # why the link as written is not the canonical form, or ""

    @property
    def canonical(self) -> str:
        """The address GitHub itself gives the work (a comment link keeps its fragment)."""
        base = f"https://{self.host}/{self.owner}/{self.repo}"
        path = {
            "pull": f"/pull/{self.number}",
            "issue": f"/issues/{self.number}",
            "commit": f"/commit/{self.ref}",
            "discussion": f"/discussions/{self.number}",
            "release": f"/releases/tag/{self.ref}",
        }[self.kind]
        return base + path + (f"#{self.comment}" if self.comment else "")

    @property
    def key(self) -> str:
        """What two links are compared by: owner and repository names ignore case on GitHub."""
        ref = self.ref if self.kind == "release" else self.ref.lower()
        return (
            f"{self.host.removeprefix('www.')}/{self.owner.lower()}/{self.repo.lower()}"
            f"/{self.kind}/{self.number or ref}" + (f"#{self.comment}" if self.comment else "")
        )


@dataclass(frozen=True)
class Malformed:
    """A GitHub link that looks like a link to work but points at none."""

    message: str  # the end of a sentence: "has no pull request number; ..."


# Cached: `rung validate` asks twice for each link (the `github-link` rule, then the
# `reuse` index); the answers are immutable.
@functools.lru_cache(maxsize=1024)
def parse(link: str, hosts: frozenset[str] = GITHUB_HOSTS) -> GitHubLink | Malformed | None:
    """What ``link`` points at on GitHub; None for another host or a page that is no work item."""
    fast = _CANONICAL.match(link) if "github.com" in hosts else None
    if fast and not fast.group(1).endswith("-") and fast.group(2) not in {".", ".."}:
        owner, repo, section, number, sha = fast.groups()
        if sha is not None:
            return GitHubLink("github.com", owner, repo, "commit", ref=sha)
        return GitHubLink("github.com", owner, repo, _SECTION_KIND[section], number=int(number))
    if _UNSAFE.search(link):
        return None  # the `link` rule reports it (urlsplit would silently drop a newline)
    try:
        parts = urlsplit(link)
        host = (parts.hostname or "").lower().rstrip(".")
    except ValueError:
        return None  # the `link` rule reports it
    if parts.scheme.lower() != "https" or host not in hosts or parts.port or "@" in parts.netloc:
        return None
    segments = [unquote(s) for s in parts.path.split("/")[1:]]
    if segments and segments[-1] == "":
        segments.pop()  # a trailing slash
    if len(segments) < 3 or not _OWNER.match(segments[0]) or not _valid_repo(segments[1]):
        return None  # a profile, a repository's home page, or not GitHub's shape
    owner, repo, section, rest = segments[0], segments[1], segments[2], segments[3:]
    fragment = parts.fragment if _COMMENT.match(parts.fragment) else ""
    common = _Common(host, owner, repo, fragment)
    if section in ("pull", "pulls"):
        return _pull(section, rest, common)
    if section in ("issues", "discussions"):
        kind = "issue" if section == "issues" else "discussion"
        if not rest:
            return None  # the list (often with ?q=): a search is not one item
        if not _number(rest[0]):
            return Malformed(f"has no {_KIND_NAMES[kind]} number after /{section}/")
        note = "" if len(rest) == 1 else f"points inside {_KIND_NAMES[kind]} {rest[0]}"
        return common.link(kind, number=int(rest[0]), note=note)
    if section in ("commit", "commits"):
        if not rest:
            return None if section == "commits" else Malformed("has no commit hash after /commit/")
        if not _SHA.match(rest[0]):
            if section == "commits":
                return None  # the history of a branch
            return Malformed("has no commit hash after /commit/ (7 to 40 hexadecimal digits)")
        note = "is the commit list from this commit" if section == "commits" else ""
        return common.link("commit", ref=rest[0].lower(), note=note)
    if section == "releases" and rest[:1] == ["tag"]:
        tag = "/".join(rest[1:])
        if not tag or not _TAG.match(tag):
            return Malformed("has no valid tag after /releases/tag/")
        return common.link("release", ref=tag)
    return None


@dataclass(frozen=True)
class _Common:
    host: str
    owner: str
    repo: str
    comment: str

    def link(self, kind: str, number: int = 0, ref: str = "", note: str = "") -> GitHubLink:
        return GitHubLink(self.host, self.owner, self.repo, kind, number, ref, self.comment, note)


_KIND_NAMES = {
    "pull": "pull request",
    "issue": "issue",
    "commit": "commit",
    "discussion": "discussion",
    "release": "release",
}


def kind_name(kind: str) -> str:
    return _KIND_NAMES[kind]


def _valid_repo(name: str) -> bool:
    return bool(_REPO.match(name)) and name not in {".", ".."}


def _number(text: str) -> bool:
    return bool(_NUMBER.match(text)) and int(text) <= MAX_NUMBER


def _pull(section: str, rest: list[str], common: _Common) -> GitHubLink | Malformed | None:
    if not rest:
        if section == "pulls":
            return None  # the list of pull requests, or a search
        return Malformed("has no pull request number after /pull/")
    if not _number(rest[0]):
        return Malformed(f"has no pull request number after /{section}/")
    number = int(rest[0])
    if len(rest) >= 3 and rest[1] == "commits" and _SHA.match(rest[2]):
        # A commit shown inside its pull request: the work is the commit.
        note = f"shows a commit inside pull request {number}"
        return common.link("commit", ref=rest[2].lower(), note=note)
    note = ""
    if section == "pulls":
        note = "uses /pulls/ (the list) instead of /pull/"
    elif len(rest) > 1:
        note = f"is the {_VIEWS.get(rest[1], rest[1] + ' view')} of pull request {number}"
    return common.link("pull", number=number, note=note)
