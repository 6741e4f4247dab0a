"""A promotion packet: front matter that cites evidence per criterion, and a narrative."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rung.problems import Level, Problem
from rung.schema import schema_problems
from rung.yamlload import Document, Position, load_yaml, split_front_matter

RULE_SIZE = "size"
RULE_SCHEMA = "schema"
MAX_FRONT_MATTER_BYTES = 256 * 1024


@dataclass(frozen=True)
class EvidenceItem:
    claim: str
    links: tuple[str, ...]
    position: Position  # of the item (its `claim` key's line)


@dataclass(frozen=True)
class Evidence:
    """What a packet says about one criterion: evidence items, or an acknowledged gap."""

    criterion: str
    items: tuple[EvidenceItem, ...] = ()
    gap: str | None = None
    position: Position = (0, 0)  # of the criterion key


@dataclass(frozen=True)
class Packet:
    path: str
    candidate: str
    name: str
    manager: str
    ladder: str
    from_level: str
    to_level: str
    cycle: str
    in_level_since: str
    evidence: dict[str, Evidence]
    ratings: dict[str, int]
    body: str
    body_first_line: int
    text: str  # the whole source file, for attachments and links back to it
    doc: Document = field(repr=False, compare=False)

    def key_position(self, *path: str | int) -> Position:
        """Where a front-matter key is written, e.g. ``key_position("to")``."""
        return self.doc.key_at(path)

    def value_position(self, *path: str | int) -> Position:
        return self.doc.value_at(path)


def parse_packet(text: str, path: str) -> tuple[Packet | None, list[Problem]]:
    """Parse a packet file's text; the packet is None when it cannot be read as one."""
    front, problems = split_front_matter(text, path)
    if front is None:
        return None, problems
    size = len(front.yaml_text.encode("utf-8"))
    if size > MAX_FRONT_MATTER_BYTES:
        return None, [
            Problem(
                path,
                1,
                1,
                Level.ERROR,
                RULE_SIZE,
                f"front matter is {size:,} bytes, over the {MAX_FRONT_MATTER_BYTES:,}-byte limit; "
                "keep claims short and link to the details",
            )
        ]
    doc, problems = load_yaml(front.yaml_text, path, front.yaml_first_line)
    if doc is None:
        return None, problems
    if not isinstance(doc.data, dict):
        return None, [
            Problem(
                path,
                front.yaml_first_line,
                1,
                Level.ERROR,
                RULE_SCHEMA,
                "the front matter must be a mapping of fields (candidate:, ladder:, evidence: ...)",
            )
        ]
    problems = schema_problems(doc, "packet", path, RULE_SCHEMA)
    if problems:
        return None, problems
    return _build(doc, path, text, front.body, front.body_first_line), []


def _build(doc: Document, path: str, text: str, body: str, body_first_line: int) -> Packet:
    data: dict[str, Any] = doc.data
    evidence: dict[str, Evidence] = {}
    for criterion, entry in data["evidence"].items():
        where = doc.key_at(("evidence", criterion))
        if isinstance(entry, dict):
            evidence[criterion] = Evidence(criterion, gap=entry["gap"], position=where)
            continue
        items = tuple(
            EvidenceItem(
                claim=item["claim"],
                links=tuple(item.get("links", [])),
                position=doc.key_at(("evidence", criterion, index, "claim")),
            )
            for index, item in enumerate(entry)
        )
        evidence[criterion] = Evidence(criterion, items=items, position=where)
    return Packet(
        path=path,
        candidate=data["candidate"],
        name=data["name"],
        manager=data["manager"],
        ladder=data["ladder"],
        from_level=data["from"],
        to_level=data["to"],
        cycle=data["cycle"],
        in_level_since=data["in_level_since"],
        evidence=evidence,
        ratings=dict(data.get("ratings", {})),
        body=body,
        body_first_line=body_first_line,
        text=text,
        doc=doc,
    )
