"""GitHub links point at one piece of work, in its canonical form.

A link on github.com to a pull request, issue, commit, discussion or release
must carry its number (or commit hash, or tag): ``/pull/`` with nothing after
it, or ``/commit/main``, points at no work, and ``rung evidence`` cannot check
it (a warning).  A link to a view of the work (``/pull/812/files``,
``/pulls/812``, a commit shown inside its pull request) is a notice that gives
the canonical form, so the same work is cited the same way in every packet.
Lists and searches (``/pulls?q=...``) are fine: they are not one item.

Passing::

    links: [https://github.com/acme/payments/pull/812]

Failing (a files view, and a pull request without a number)::

    links: [https://github.com/acme/payments/pull/812/files, https://github.com/acme/payments/pull/]
"""

from __future__ import annotations

from collections.abc import Iterator

from rung.model.githublink import GitHubLink, Malformed, parse
from rung.problems import Level, Problem
from rung.validate.rules.base import Context, quote

ID = "github-link"
LEVEL = Level.WARNING


def check(ctx: Context) -> Iterator[Problem]:
    packet = ctx.packet
    for criterion_id, index, j, link in ctx.links:
        if "github" not in link.lower():
            continue  # the common case for other hosts, without parsing
        found = parse(link)
        if isinstance(found, Malformed):
            level, message = (
                LEVEL,
                (
                    f"link {quote(link)} {found.message}; link to one item, e.g. "
                    "https://github.com/OWNER/REPO/pull/123"
                ),
            )
        elif isinstance(found, GitHubLink) and found.note:
            level = Level.NOTICE
            message = f"link {quote(link)} {found.note}; cite it as {found.canonical}"
        else:
            continue
        where = packet.value_position("evidence", criterion_id, index, "links", j)
        yield ctx.problem(where, level, ID, message)
