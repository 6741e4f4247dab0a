"""A promotion packet: front matter that cites evidence per criterion, and a narrative.

The format is the contract documented in docs/packets.md.  An evidence item whose
``claim`` is blank is an unfilled placeholder (``rung new`` writes one per
criterion): it is kept out of ``Evidence.items`` so it never counts as evidence,
and its position is kept in ``Evidence.unfilled`` so the rules can point at it.
"""

from __future__ import annotations

from rung.classes import dataclass, field
from rung.ladder.model import Ladder
from rung.loaders.schema import RULE as RULE_SCHEMA
from rung.loaders.schema import schema_problems
from rung.loaders.schema_fast import load_schema
from rung.loaders.sources import RULE_SIZE
from rung.loaders.yamlload import Document, Position, load_yaml, split_front_matter
from rung.problems import Level, Problem

TYPE_CHECKING = False  # not typing's: importing typing costs every start
if TYPE_CHECKING:
    from typing import Any

MAX_FRONT_MATTER_BYTES = 256 * 1024


# Positions are looked up in the Document only when asked for: most packets are
# valid, and finding every key's line up front cost a fifth of `rung validate`.


@dataclass(frozen=True)
class EvidenceItem:
    claim: str
    links: tuple[str, ...]
    criterion: str = ""
    index: int = 0  # in the criterion's YAML list: value_position("evidence", id, index, ...)
    doc: Document | None = field(default=None, repr=False, compare=False)

    @property
    def position(self) -> Position:
        """Where the item's ``claim`` key is written."""
        if self.doc is None:
            return (0, 0)
        return self.doc.key_at(("evidence", self.criterion, self.index, "claim"))


@dataclass(frozen=True)
class Evidence:
    """What a packet says about one criterion: evidence items, or an acknowledged gap."""

    criterion: str
    items: tuple[EvidenceItem, ...] = ()
    gap: str | None = None
    unfilled: tuple[Position, ...] = ()  # `claim` keys of blank placeholder items
    doc: Document | None = field(default=None, repr=False, compare=False)

    @property
    def position(self) -> Position:
        """Where the criterion's key is written under ``evidence:``."""
        if self.doc is None:
            return (0, 0)
        return self.doc.key_at(("evidence", self.criterion))


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
        if isinstance(entry, dict):
            evidence[criterion] = Evidence(criterion, gap=entry["gap"], doc=doc)
            continue
        items: list[EvidenceItem] = []
        unfilled: list[Position] = []
        for index, item in enumerate(entry):
            if not item["claim"].strip():
                unfilled.append(doc.key_at(("evidence", criterion, index, "claim")))
                continue
            links = tuple(item.get("links", ()))
            items.append(EvidenceItem(item["claim"], links, criterion, index, doc))
        evidence[criterion] = Evidence(criterion, tuple(items), None, tuple(unfilled), doc)
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


def packet_schema(ladder: Ladder) -> dict[str, Any]:
    """The packet schema with ``ladder``'s levels, criteria and competencies as known values."""
    import copy  # here: `rung validate` never needs it, and it imports weakref

    schema = copy.deepcopy(load_schema("packet"))
    schema["$id"] = f"rung:packet:{ladder.id}"
    schema["title"] = f"rung promotion packet front matter: {ladder.name} ({ladder.id})"
    props = schema["properties"]
    props["ladder"] = {**props["ladder"], "enum": [ladder.id]}
    levels = [lv.id for lv in ladder.levels]
    props["from"] = {**props["from"], "enum": levels}
    props["to"] = {**props["to"], "enum": levels}
    evidence = props["evidence"]
    evidence.pop("propertyNames", None)
    evidence["additionalProperties"] = False
    evidence["properties"] = {
        c.id: {
            "$ref": "#/$defs/entry",
            "description": c.text
            + (f" (needs {c.min_evidence} distinct items)" if c.min_evidence > 1 else ""),
        }
        for lv in ladder.levels
        for c in lv.criteria
    }
    if ladder.competencies:
        rating = props["ratings"]["additionalProperties"]
        props["ratings"]["additionalProperties"] = False
        props["ratings"]["properties"] = {
            cid: {**rating, "description": name} for cid, name in ladder.competencies.items()
        }
    else:
        del props["ratings"]
    return schema
