"""The GitHub calls of a whole cycle: its pull requests, outcome labels, reminders.

Requests for ``rung cycle status`` (``per_page=100`` everywhere)::

    ceil(L / 100)   list pull requests, newest first, until one is older than --since
    L               the files of each listed pull request (one page up to 100 files)
    3 * P           the review comments, reviews and conversation comments of each of the
                    P pull requests that touch the cycle's packets (one more page per 100)
    C               GraphQL: who last edited the comments with commands, one query per
                    100 of them, on the C of those pull requests that hold any
    4 * O           the packet at each commit an outdated comment was written against
                    (three trees and the blob), as ``rung scorecard`` reads it

These are :meth:`GitHubClient.discussion` and :meth:`GitHubClient.earlier_packets`,
the scorecard's own reads.  A 200-packet cycle with one pull request per packet,
verdicts on each and nothing else opened in the window costs
2 + 200 + 600 + 200 = 1,002 requests: 802 REST requests (a sixth of the 5,000 an
hour a token gets) and 200 GraphQL queries of one point each (GraphQL's own 5,000).
``rung remind`` adds one request per pull request reminded (its comments) plus one
per reminder posted; ``rung cycle publish`` one or two per label change.

Every write is idempotent: labels are computed from the labels the pull request
has, and a reminder is posted only after listing the comments again finds none
of ours newer than the interval (a POST that failed after GitHub stored it is
never repeated).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

import requests
from github import GithubException
from github.PullRequest import PullRequest

from rung.classes import replace
from rung.cycle.pulls import PullData
from rung.github.client import GitHubClient
from rung.github.pull import login_of
from rung.github.record import RecordStore, record_ref
from rung.github.retry import retry_wait
from rung.model.repo import PACKETS_DIR
from rung.record.chain import RecordBroken
from rung.record.files import RECORDS_DIR, packet_of
from rung.record.replay import PacketRecord, replay


@dataclass(frozen=True)
class IssueComment:
    id: int
    login: str | None
    body: str
    created_at: str
    html_url: str


def _iso(value: datetime | None) -> str:
    """A PyGithub timestamp as GitHub writes it (``2026-07-01T08:00:00Z``)."""
    return "" if value is None else value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _packet_paths(filenames: Iterable[tuple[str, str]], cycle: str) -> tuple[str, ...]:
    """The cycle's packet files among a pull request's ``(filename, status)`` pairs."""
    prefix = f"{PACKETS_DIR}/{cycle}/"
    return tuple(
        name
        for name, status in filenames
        if name.startswith(prefix)
        and "/" not in name[len(prefix) :]
        and name.endswith(".md")
        and name.rsplit("/", 1)[-1].lower() != "readme.md"
        and status != "removed"
    )


class CycleClient(GitHubClient):
    """:class:`GitHubClient` plus the calls that span a cycle's pull requests."""

    def cycle_pulls(self, cycle: str, since: datetime, verdicts: bool = True) -> list[PullData]:
        """Pull requests opened at or after ``since`` that add or change the cycle's packets.

        ``verdicts=False`` skips what was said on them (the scorecard's reads, above).
        """
        found: list[PullData] = []
        with self.errors("listing the pull requests"):
            listed = self.repo.get_pulls(state="all", sort="created", direction="desc")
            for pr in listed:
                created = pr.created_at
                if created is not None and created.astimezone(UTC) < since:
                    break  # newest first: every later one is older still
                files = [(f.filename, f.status) for f in pr.get_files()]
                paths = _packet_paths(files, cycle)
                if not paths:
                    continue
                found.append(self._pull_data(pr, paths, verdicts))
        return found

    def records(self, cycle: str) -> dict[str, PacketRecord] | None:
        """packet path -> its promotion record, for the cycle's packets; None when the
        repository keeps no record (no record branch: no GitHub App writes one).

        A record whose chain is broken stops the command (RecordBroken, with the
        findings): no status is better than one read from a rewritten record.
        """
        store = RecordStore(self, record_ref(os.environ))
        if store.head() is None:
            return None
        found: dict[str, PacketRecord] = {}
        for file in store.files_under(f"{RECORDS_DIR}/{cycle}"):
            entries, problems = file.chain()
            if problems:
                raise RecordBroken(file.path, problems)
            packet = packet_of(file.path)
            if packet is not None:
                found[packet] = replay(entry for _, entry in entries)
        return found

    def pull_data(self, number: int, cycle: str) -> PullData:
        """One pull request with everything said on it (``--pr N``)."""
        with self.errors(f"reading pull request #{number}"):
            pr = self.repo.get_pull(number)
            paths = _packet_paths(((f.filename, f.status) for f in pr.get_files()), cycle)
            return self._pull_data(pr, paths, verdicts=True)

    def _pull_data(self, pr: PullRequest, paths: tuple[str, ...], verdicts: bool) -> PullData:
        if not verdicts:
            return self._pull_only(pr, paths)
        comments, reviews, conversation = self.discussion(pr.number)
        earlier = {
            (path, sha): packet
            for path in paths
            for sha, packet in self.earlier_packets(path, comments).items()
        }
        return replace(
            self._pull_only(pr, paths),
            reviews=tuple(reviews),
            comments=tuple(comments),
            conversation=tuple(conversation),
            earlier=earlier,
        )

    def _pull_only(self, pr: PullRequest, paths: tuple[str, ...]) -> PullData:
        return PullData(
            number=pr.number,
            html_url=pr.html_url,
            author=login_of(pr.user),
            state=pr.state,
            draft=bool(pr.draft),
            merged=pr.merged_at is not None,
            created_at=_iso(pr.created_at),
            labels=tuple(label.name for label in pr.labels),
            requested=tuple(u.login for u in pr.requested_reviewers or []),
            paths=paths,
            head_sha=pr.head.sha,
        )

    # --- outcome labels ---------------------------------------------------------------

    def set_label(self, number: int, wanted: str, current: Iterable[str], family: str) -> bool:
        """Make ``wanted`` the one label starting with ``family`` on the pull request.

        ``current`` is the labels the pull request has now; returns whether
        anything changed.
        """
        have = list(current)
        issue = self.repo.get_issue(number)
        changed = False
        for name in have:
            if name.startswith(family) and name != wanted:
                with self.errors(f"removing the label {name!r} from #{number}"):
                    issue.remove_from_labels(name)
                changed = True
        if wanted not in have:
            # Adding a label the pull request already has changes nothing, so a retry is safe.
            with self.errors(f"labelling #{number} {wanted!r}"):
                # The body GitHub's OpenAPI description gives, {"labels": [...]}: PyGithub's
                # add_to_labels sends a bare list, which only GitHub's prose mentions.
                self.github.requester.requestJsonAndCheck(
                    "POST", f"{issue.url}/labels", input={"labels": [wanted]}
                )
            changed = True
        return changed

    # --- reminders --------------------------------------------------------------------

    def issue_comments(self, number: int) -> list[IssueComment]:
        with self.errors(f"listing the comments of #{number}"):
            return [
                IssueComment(c.id, login_of(c.user), c.body or "", _iso(c.created_at), c.html_url)
                for c in self.repo.get_issue(number).get_comments()
            ]

    def recent_ours(self, number: int, marker: str, since: str) -> list[IssueComment]:
        """Our comments on ``number`` starting with ``marker``, created at or after ``since``."""
        me = self.login().casefold()
        return [
            c
            for c in self.issue_comments(number)
            if c.body.startswith(marker)
            and (c.login or "").casefold() == me
            and c.created_at >= since
        ]

    def post_once(
        self, number: int, body: str, marker: str, since: str
    ) -> tuple[IssueComment, bool]:
        """Post ``body`` unless a comment of ours starting with ``marker`` was created at or
        after ``since`` (ISO 8601); returns that comment or the new one, and whether it is new."""
        attempt = 1
        while True:
            recent = self.recent_ours(number, marker, since)
            if recent:
                return recent[-1], attempt > 1  # a POST that "failed" after GitHub stored it
            try:
                created = self.repo.get_issue(number).create_comment(body)
                comment = IssueComment(
                    created.id, self.login(), body, _iso(created.created_at), created.html_url
                )
                return comment, True
            except (GithubException, requests.RequestException) as err:
                wait = retry_wait(err, attempt, self.settings)
                if wait is None:
                    raise self.translate(err, f"posting the reminder on #{number}") from None
                self.sleep(wait)
            attempt += 1
