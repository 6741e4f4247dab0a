"""A packet's links, their verdicts, and the marks and JSON people read: pure.

``cited_links`` lists every link of a packet with its place (criterion, item,
position); ``evaluate`` turns GitHub's answers into one ``Check`` per link;
``claim_marks`` groups the marks by claim for the PDF and the scorecard;
``report_json`` is the documented ``rung evidence --format json`` shape
(docs/evidence.md).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from rung.classes import replace
from rung.evidence.classify import classify, classify_other, period_of
from rung.evidence.model import NOT_CHECKED, STATUSES, VERIFIED, Check, Missing, Period, Work
from rung.model.githublink import GITHUB_HOSTS, GitHubLink, parse
from rung.model.packet import Packet

JSON_VERSION = 1
Answer = tuple[Work | Missing, str]  # GitHub's answer and where it came from: github or cache


@dataclass(frozen=True)
class CitedLink:
    criterion: str
    item: int  # the item's index in the criterion's YAML list (EvidenceItem.index)
    index: int  # the link's index in the item's ``links``
    link: str
    line: int
    column: int
    ref: GitHubLink | None  # the GitHub work to read, or None


@dataclass(frozen=True)
class LinkCheck:
    cited: CitedLink
    check: Check


def hosts_for(web_host: str) -> frozenset[str]:
    """The hosts whose links are GitHub work: github.com (and www.), or one GHES host."""
    host = web_host.lower()
    return GITHUB_HOSTS if host in GITHUB_HOSTS else frozenset({host})


def cited_links(packet: Packet, hosts: frozenset[str] = GITHUB_HOSTS) -> list[CitedLink]:
    """Every link of every evidence item, in file order."""
    cited: list[CitedLink] = []
    for criterion, evidence in packet.evidence.items():
        for item in evidence.items:
            for j, link in enumerate(item.links):
                found = parse(link, hosts)
                ref = found if isinstance(found, GitHubLink) and not found.comment else None
                line, column = packet.value_position("evidence", criterion, item.index, "links", j)
                cited.append(CitedLink(criterion, item.index, j, link, line, column, ref))
    return cited


def evaluate(
    packet: Packet,
    cited: list[CitedLink],
    answers: Mapping[str, Answer],
    web_host: str,
) -> list[LinkCheck]:
    """One verdict per cited link; ``answers`` are by ``GitHubLink.key``."""
    period = period_of(packet.in_level_since, packet.cycle)
    hosts = hosts_for(web_host)
    checks: list[LinkCheck] = []
    for c in cited:
        answer = answers.get(c.ref.key) if c.ref is not None else None
        if c.ref is None or answer is None:
            check = classify_other(c.link, parse(c.link, hosts), web_host)
        else:
            check = classify(c.link, c.ref, answer[0], packet.candidate, period)
            check = replace(check, source=answer[1])
        checks.append(LinkCheck(c, check))
    return checks


def claim_marks(checks: list[LinkCheck]) -> dict[tuple[str, int], list[str]]:
    """The marks of each claim, by ``(criterion id, EvidenceItem.index)``, in link order.

    A claim without links is absent; the PDF and the scorecard print
    "not checked" for it.
    """
    marks: dict[tuple[str, int], list[str]] = {}
    for lc in checks:
        marks.setdefault((lc.cited.criterion, lc.cited.item), []).append(lc.check.mark)
    return marks


def claim_verified(checks: list[LinkCheck]) -> dict[str, str]:
    """Per criterion: ``verified`` (every GitHub link checked out), ``unverified`` or ``not checked``.

    The scorecard's column: ``not checked`` when no link of the criterion is
    GitHub work rung could read; ``unverified`` when any link got a warning,
    was not found or could not be read.
    """
    by_criterion: dict[str, list[str]] = {}
    for lc in checks:
        by_criterion.setdefault(lc.cited.criterion, []).append(lc.check.status)
    column: dict[str, str] = {}
    for criterion, statuses in by_criterion.items():
        judged = [s for s in statuses if s != NOT_CHECKED]
        if not judged:
            column[criterion] = "not checked"
        elif all(s == VERIFIED for s in judged):
            column[criterion] = "verified"
        else:
            column[criterion] = "unverified"
    return column


def summary(checks: list[LinkCheck]) -> dict[str, int]:
    counts = dict.fromkeys(STATUSES, 0)
    for lc in checks:
        counts[lc.check.status] += 1
    return counts


def report_json(
    packet: Packet,
    checks: list[LinkCheck],
    cost: Mapping[str, Any],
    web_host: str,
) -> dict[str, Any]:
    """The ``--format json`` document (docs/evidence.md, "JSON output")."""
    period: Period | None = period_of(packet.in_level_since, packet.cycle)
    return {
        "version": JSON_VERSION,
        "packet": packet.path,
        "candidate": packet.candidate,
        "cycle": packet.cycle,
        "period": None
        if period is None
        else {"from": period.start.isoformat(), "until": period.end.isoformat()},
        "host": web_host,
        "summary": summary(checks),
        "github": dict(cost),
        "criteria": claim_verified(checks),
        "links": [
            {
                "criterion": lc.cited.criterion,
                "item": lc.cited.item,
                "index": lc.cited.index,
                "line": lc.cited.line,
                "column": lc.cited.column,
                "url": lc.check.link,
                "canonical": lc.check.canonical or None,
                "kind": lc.check.kind or None,
                "status": lc.check.status,
                "mark": lc.check.mark,
                "relation": lc.check.relation or None,
                "author": lc.check.author,
                "state": lc.check.state or None,
                "date": lc.check.date or None,
                "period": lc.check.period or None,
                "notes": list(lc.check.notes),
                "source": lc.check.source or None,
            }
            for lc in checks
        ],
    }


UNCHECKED = "not checked"  # a claim no check covered: filled in, not a check's finding


def marks_for_packet(
    packet: Packet, evidence_json: Mapping[str, Any] | None
) -> dict[tuple[str, int], list[str]]:
    """Every claim of ``packet`` with its marks, from a ``rung evidence --format json`` document.

    For the PDF and the scorecard: a claim the document does not cover (no
    links, no document at all, or a document for another packet) gets
    ``["not checked"]``, so every claim carries a mark.
    """
    found: dict[tuple[str, int], list[str]] = {}
    if evidence_json is not None and evidence_json.get("packet") == packet.path:
        for link in evidence_json.get("links") or []:
            if isinstance(link, dict) and isinstance(link.get("mark"), str):
                key = (str(link.get("criterion")), int(link.get("item") or 0))
                found.setdefault(key, []).append(link["mark"])
    return {
        (criterion, item.index): found.get((criterion, item.index), [UNCHECKED])
        for criterion, evidence in packet.evidence.items()
        for item in evidence.items
    }
