"""What the templates see: a typed, pre-digested view of a packet, its ladder and coverage.

Pure: no Jinja, no WeasyPrint.  Every value a template prints is a plain string
or number here (autoescaped by Jinja), except ``narrative_html``, which is the
sanitised output of :mod:`rung.render.markdown`.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from rung.evidence.marks import UNCHECKED
from rung.ladder.model import Ladder, MoveKind
from rung.model.coverage import Coverage, CoverageRow
from rung.model.cycles import cycle_date, months_between, year_month
from rung.model.packet import EvidenceItem, Packet
from rung.render.labels import grid_labels, short_label, text_blocks
from rung.render.verdicts import Panel
from rung.render.views import (
    AreaView,
    ClaimView,
    CommitInfo,
    CriterionView,
    ExtraView,
    LinkView,
    RatingView,
)

__all__ = [
    "AreaView",
    "ClaimView",
    "CommitInfo",
    "CriterionView",
    "ExtraView",
    "LinkView",
    "PacketView",
    "RatingView",
    "packet_view",
]

LANG = "en"
SECTIONS = (
    ("coverage", "the coverage grid"),
    ("evidence", "the evidence by criterion"),
    ("ratings", "the competency ratings"),
    ("narrative", "the narrative"),
    ("extra", "the further evidence"),
    ("about", "About this document"),
)
_UNSAFE_ID = re.compile(r"[^A-Za-z0-9-]+")


@dataclass(frozen=True)
class PacketView:
    anchor: str
    source_name: str
    candidate: str
    name: str
    manager: str
    cycle: str
    in_level_since: str
    ladder_id: str
    ladder_name: str
    from_id: str
    from_title: str
    to_id: str
    to_title: str
    to_summary: str  # the ladder's description of the target level, if it has one
    to_experience: str
    lateral: bool
    areas: tuple[AreaView, ...]
    ratings: tuple[RatingView, ...]
    extra: tuple[ExtraView, ...]
    narrative_html: str
    commit: CommitInfo | None
    time_in_level: str = ""  # "2 years 4 months", to the cycle's date
    tenure_note: str = ""  # the ladder's guideline for time in the from level
    summary_html: str = ""  # the narrative's Summary section, sanitised
    results_html: str = ""  # its Impact section: the key results the packet names
    panel: Panel | None = None  # the reviewers' verdicts, when given (rung render --verdicts)
    audience: str = "committee"  # or "candidate": no reviewer identities
    ids: bool = False  # print criterion and level ids beside the words (rung render --ids)
    lang: str = LANG

    @property
    def summary_blocks(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        return text_blocks(self.to_summary)

    @property
    def gaps(self) -> tuple[CriterionView, ...]:
        return tuple(c for c in self.criteria if c.status == "gap")

    @property
    def criteria(self) -> tuple[CriterionView, ...]:
        return tuple(c for area in self.areas for c in area.criteria)

    @property
    def criterion_ids(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.criteria)

    @property
    def unchecked(self) -> int:
        """Claims no evidence check ran on: the PDF says so once, not under each claim."""
        claims = [
            *(x for c in self.criteria for x in c.claims),
            *(x for e in self.extra for x in e.claims),
        ]
        return sum(1 for claim in claims if not claim.marks)

    @property
    def checked(self) -> bool:
        """Whether a check ran on any claim (``rung render --evidence``)."""
        return any(claim.marks for c in self.criteria for claim in c.claims)

    def count(self, status: str) -> int:
        return sum(1 for c in self.criteria if c.status == status)

    @property
    def link_descriptions(self) -> dict[str, str]:
        """What each in-document link says to a screen reader, by anchor."""
        described = {f"{self.anchor}-{part}": f"Go to {title}" for part, title in SECTIONS}
        for area in self.areas:
            described[area.anchor] = f"Go to area {area.number}: {area.name}"
            for c in area.criteria:
                described[c.anchor] = f"Go to criterion {c.number}: {c.text}"
        return described

    @property
    def levels_shown(self) -> int:
        return len({area.level_title for area in self.areas})

    @property
    def move(self) -> str:
        return f"{self.from_title} → {self.to_title}"

    @property
    def candidate_copy(self) -> bool:
        return self.audience == "candidate"

    @property
    def title(self) -> str:
        if self.candidate_copy:  # the candidate's document, never mistaken for the committee's
            return f"Your promotion packet, as you wrote it: {self.name} — {self.move}"
        return f"Promotion packet: {self.name} — {self.move}"

    @property
    def subject(self) -> str:
        kind = "Lateral track change" if self.lateral else "Promotion"
        move = f"{kind} from {self.from_title} to {self.to_title} ({self.ladder_name}), cycle {self.cycle}"
        return f"{self.name}'s own copy: {move}" if self.candidate_copy else move

    @property
    def keywords(self) -> str:
        return ", ".join(
            (
                "promotion packet",
                self.cycle,
                self.ladder_id,
                self.from_id,
                self.to_id,
                self.candidate,
            )
        )


def anchor_for(packet: Packet) -> str:
    """An id prefix unique to the packet, so anchors never collide inside a bundle."""
    digest = hashlib.sha256(packet.path.encode("utf-8")).hexdigest()[:8]
    return f"p-{_UNSAFE_ID.sub('-', packet.candidate)[:40]}-{digest}"


def link_view(url: str) -> LinkView:
    """Only a well-formed https URL becomes clickable; anything else stays text."""
    clean = not any(ch.isspace() or ord(ch) < 0x20 or ord(ch) == 0x7F for ch in url)
    try:
        parts = urlsplit(url)
        ok = clean and parts.scheme.lower() == "https" and bool(parts.hostname)
    except ValueError:
        ok = False
    return LinkView(url, url if ok else None)


Marks = Mapping[tuple[str, int], list[str]]


def _claims(criterion: str, items: tuple[EvidenceItem, ...], marks: Marks) -> tuple[ClaimView, ...]:
    return tuple(
        ClaimView(
            item.claim.strip(),
            tuple(map(link_view, item.links)),
            tuple(m for m in marks.get((criterion, item.index)) or () if m != UNCHECKED),
        )
        for item in items
    )


def _criterion(
    row: CoverageRow, number: str, anchor: str, marks: Marks, grid_label: str
) -> CriterionView:
    evidence = row.evidence
    return CriterionView(
        number=number,
        anchor=f"{anchor}-c{number.replace('.', '-')}",
        id=row.criterion.id,
        text=row.criterion.text,
        status=row.status,
        count=row.count,
        min_evidence=row.criterion.min_evidence,
        claims=_claims(evidence.criterion, evidence.items, marks) if evidence is not None else (),
        gap=row.gap,
        label=short_label(row.criterion.text, row.criterion.label),
        grid_label=grid_label,
    )


def _areas(ladder: Ladder, coverage: Coverage, anchor: str, marks: Marks) -> tuple[AreaView, ...]:
    views = []
    groups: dict[tuple[str, str], list[CoverageRow]] = {}
    for row in coverage.rows:  # ladder order; coverage.areas() drops the level we need
        groups.setdefault((row.criterion.level, row.criterion.area), []).append(row)
    ordered = [row for rows in groups.values() for row in rows]
    names = dict(
        zip(
            map(id, ordered),
            grid_labels([(r.criterion.text, r.criterion.label) for r in ordered]),
            strict=True,
        )
    )
    for number, ((level_id, area_id), rows) in enumerate(groups.items(), start=1):
        level = ladder.level(level_id)
        area = next((a for a in level.areas if a.id == area_id), None) if level else None
        views.append(
            AreaView(
                number=number,
                anchor=f"{anchor}-a{number}",
                name=area.name if area else area_id,
                level_title=level.title if level else level_id,
                note=area.note if area else "",
                criteria=tuple(
                    _criterion(row, f"{number}.{i}", anchor, marks, names[id(row)])
                    for i, row in enumerate(rows, 1)
                ),
            )
        )
    return tuple(views)


def _ratings(packet: Packet, ladder: Ladder) -> tuple[RatingView, ...]:
    target = ladder.level(packet.to_level)
    if target is None or not target.expected_ratings:
        return ()
    return tuple(
        RatingView(ladder.competencies.get(cid, cid), packet.ratings.get(cid), expected)
        for cid, expected in target.expected_ratings.items()
    )


def _extra(ladder: Ladder, coverage: Coverage, marks: Marks) -> tuple[ExtraView, ...]:
    views = []
    for evidence in coverage.extra:
        criterion = ladder.criterion(evidence.criterion)
        views.append(
            ExtraView(
                id=evidence.criterion,
                text=criterion.text if criterion else "(not a criterion of this ladder)",
                claims=_claims(evidence.criterion, evidence.items, marks),
                gap=evidence.gap,
            )
        )
    return tuple(views)


def duration(months: int) -> str:
    """``28`` -> ``2 years 4 months``."""
    years, rest = divmod(months, 12)
    parts = [f"{years} year{'s' if years != 1 else ''}"] if years else []
    if rest or not years:
        parts.append(f"{rest} month{'s' if rest != 1 else ''}")
    return " ".join(parts)


def _time_in_level(packet: Packet, ladder: Ladder) -> tuple[str, str]:
    when, since = cycle_date(packet.cycle), year_month(packet.in_level_since)
    spent = ""
    if when is not None and since is not None and months_between(since, when) >= 0:
        spent = f"{duration(months_between(since, when))} by {packet.cycle}"
    level = ladder.level(packet.from_level)
    tenure = level.tenure if level is not None else None
    note = (
        f"the ladder's {tenure.kind}: at least {duration(tenure.minimum_months)}"
        if tenure is not None
        else "the ladder sets no minimum"
    )
    return spent, note


def packet_view(
    packet: Packet,
    ladder: Ladder,
    coverage: Coverage,
    narrative_html: str,
    commit: CommitInfo | None,
    *,
    summary_html: str = "",
    results_html: str = "",
    marks: Marks | None = None,
    panel: Panel | None = None,
    audience: str = "committee",
    ids: bool = False,
) -> PacketView:
    """Everything ``packet.html.j2`` prints; ``narrative_html`` must already be sanitised."""
    source, target = ladder.level(packet.from_level), ladder.level(packet.to_level)
    anchor = anchor_for(packet)
    spent, note = _time_in_level(packet, ladder)
    return PacketView(
        anchor=anchor,
        source_name=PurePosixPath(packet.path.replace("\\", "/")).name,
        candidate=packet.candidate,
        name=packet.name,
        manager=packet.manager,
        cycle=packet.cycle,
        in_level_since=packet.in_level_since,
        ladder_id=ladder.id,
        ladder_name=ladder.name,
        from_id=packet.from_level,
        from_title=source.title if source else packet.from_level,
        to_id=packet.to_level,
        to_title=target.title if target else packet.to_level,
        to_summary=target.summary if target else "",
        to_experience=target.typical_experience if target else "",
        lateral=coverage.kind is MoveKind.LATERAL,
        areas=_areas(ladder, coverage, anchor, marks or {}),
        ratings=_ratings(packet, ladder),
        extra=_extra(ladder, coverage, marks or {}),
        narrative_html=narrative_html,
        commit=commit,
        time_in_level=spent,
        tenure_note=note,
        summary_html=summary_html,
        results_html=results_html,
        panel=panel,
        audience=audience,
        ids=ids,
    )
