"""Links are absolute https URLs, to allowed hosts, and specific to their claim.

Each link must be an absolute ``https://`` URL with a host and no credentials
or whitespace.  When the ladder's ``policy.allowed_link_hosts`` is set, the
host must be one of them: ``github.com`` allows exactly that host and
``*.example.com`` allows its subdomains.  These are errors on the link.  The
same link under more than 3 criteria is a warning on its fourth use: a link that
proves everything proves nothing.

Passing::

    links: [https://github.com/acme/payments/pull/812]

Failing (http, and a relative path)::

    links: [http://github.com/acme/payments/pull/812, docs/hld.md]
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import SplitResult, urlsplit

from rung.loaders.yamlload import Position
from rung.patterns import lazy
from rung.problems import Level, Problem
from rung.validate.rules.base import Context, lines, quote

ID = "link"
LEVEL = Level.ERROR
MAX_CRITERIA_PER_LINK = 3
# https://host[:port][/path...] with a plain host and no user info: certainly fine.
_PLAIN_HTTPS = lazy(r"https://[A-Za-z0-9.-]+(?::[0-9]{1,5})?(?:[/?#][!-~]*)?\Z")
_UNSAFE = lazy(r"[\s\x00-\x1f\x7f]")


def check(ctx: Context) -> Iterator[Problem]:
    packet = ctx.packet
    allowed = ctx.ladder.policy.allowed_link_hosts

    def where(criterion_id: str, index: int, j: int) -> Position:
        return packet.value_position("evidence", criterion_id, index, "links", j)

    # link -> {criterion: (item index, link index) of its first use}, in file order;
    # positions are looked up only for the links that get a finding.
    uses: dict[str, dict[str, tuple[int, int]]] = {}
    plain = _PLAIN_HTTPS.match
    for criterion_id, index, j, link in ctx.links:
        # link_problem's own first test, here: most links pass it.
        problem = None if plain(link) and not allowed else link_problem(link, allowed)
        if problem:
            yield ctx.problem(
                where(criterion_id, index, j), LEVEL, ID, f"link {quote(link)} {problem}"
            )
        # setdefault's way, without a new mapping and pair per link
        criteria = uses.get(link)
        if criteria is None:
            uses[link] = {criterion_id: (index, j)}
        elif criterion_id not in criteria:
            criteria[criterion_id] = (index, j)
    for link, criteria in uses.items():
        if len(criteria) > MAX_CRITERIA_PER_LINK:
            positions = sorted(where(cid, *at) for cid, at in criteria.items())
            yield ctx.problem(
                positions[MAX_CRITERIA_PER_LINK],
                Level.WARNING,
                ID,
                f"link {quote(link)} is cited under {len(criteria)} criteria (lines "
                f"{lines(positions)}); cite the specific work for each, at most "
                f"{MAX_CRITERIA_PER_LINK} times",
            )


def link_problem(link: str, allowed_hosts: tuple[str, ...] = ()) -> str | None:
    """What is wrong with ``link``, as the end of a sentence, or None."""
    plain = _PLAIN_HTTPS.match(link)
    if plain and not allowed_hosts:
        return None  # the common case, without the cost of urlsplit
    if _UNSAFE.search(link):
        return "contains whitespace or control characters; write the URL without them"
    try:
        parts = urlsplit(link)
        hostname = parts.hostname
    except ValueError:
        return "is not a valid URL; write an absolute https:// URL"
    scheme = parts.scheme.lower()
    if not scheme:
        return "is not an absolute URL; write it in full, starting with https://"
    if scheme == "http":
        return "uses http; use https://"
    if scheme != "https":
        return f"uses '{scheme}:'; only https:// links are allowed"
    if not hostname:
        return "has no host; write it as https://host/path"
    if _has_credentials(parts):
        return "contains credentials before '@'; remove them from the URL"
    if allowed_hosts and not host_allowed(hostname, allowed_hosts):
        return (
            f"points to '{hostname}', which the ladder's policy does not allow "
            f"(allowed: {', '.join(allowed_hosts)})"
        )
    return None


def _has_credentials(parts: SplitResult) -> bool:
    return "@" in parts.netloc


def host_allowed(host: str, allowed_hosts: tuple[str, ...]) -> bool:
    """``github.com`` allows exactly that host; ``*.example.com`` allows its subdomains."""
    host = host.lower().rstrip(".")
    for entry in allowed_hosts:
        pattern = entry.lower().rstrip(".")
        if pattern.startswith("*."):
            if host.endswith(pattern[1:]):
                return True
        elif host == pattern:
            return True
    return False
