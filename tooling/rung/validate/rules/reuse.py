"""A link cited in another packet: by another candidate this cycle, or in an earlier cycle.

Found across packets, after each packet's own rules (``CitationIndex``; rung
validate feeds it every packet it checks plus, for context, the repository's
other packets of the same cycles and the same candidates' earlier packets).

* The same work cited by two candidates of one cycle is a notice on both,
  naming the other packet: shared work is common and fine, but the committee
  should see what each person did in it.
* Work this candidate already cited in an earlier cycle's packet is a notice:
  "also cited in 2025-H2".

Links are compared by their canonical form on GitHub (``/pull/812/files`` is
``/pull/812``; owner and repository ignore case) and as written elsewhere,
ignoring a trailing slash.  Nothing blocks a packet: these only ask for a look.

Passing: ``https://github.com/acme/shop/pull/1`` cited only in
``packets/2026-H2/dana-levi.md``.

Failing: the same link also in ``packets/2026-H2/bo-chen.md`` (a notice on
both) or in ``packets/2025-H2/dana-levi.md`` (a notice on the 2026-H2 one).
"""

from __future__ import annotations

import sys
from array import array
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from datetime import date as Date
from itertools import pairwise

from rung.classes import dataclass, field
from rung.model.cycles import cycle_date
from rung.model.digest import blake2b
from rung.model.githublink import GitHubLink, parse
from rung.model.packet import Packet
from rung.problems import Level, Problem
from rung.validate.rules.base import Context, quote

ID = "reuse"
LEVEL = Level.NOTICE
MAX_NAMED = 3  # other packets named in one message; the rest are counted


def check(ctx: Context) -> Iterator[Problem]:  # noqa: ARG001 - the Rule interface
    """Nothing to do for one packet alone: ``CitationIndex`` compares packets."""
    yield from ()


@dataclass(frozen=True, slots=True)
class Cited:
    """A packet whose links are in the index."""

    path: str
    candidate: str
    cycle: str
    report: bool  # its findings are reported (it was asked for, not read for context)


@dataclass(frozen=True, slots=True)
class Citation:
    """Where one packet first cites a link."""

    packet: Cited
    line: int
    column: int
    link: str  # as written

    @property
    def where(self) -> str:
        return f"{self.packet.path}:{self.line}:{self.column}"

    @property
    def cycle(self) -> str:
        return self.packet.cycle

    @property
    def candidate(self) -> str:
        return self.packet.candidate


def link_key(link: str) -> str:
    """What two links are compared by."""
    if "github" in link.lower():
        found = parse(link)
        if isinstance(found, GitHubLink):
            return found.key
    return link.rstrip("/")


def key_hash(key: str) -> int:
    """A stable 64-bit hash of a link key (a signed ``array('q')`` item)."""
    # surrogatepass: a YAML escape can put a lone surrogate in a link.
    digest = blake2b(key.encode("utf-8", "surrogatepass"), digest_size=8).digest()
    return int.from_bytes(digest, "little", signed=True)


Reread = Callable[[Cited], Packet | None]  # parses a packet added earlier again
PARTS = 8  # duplicate hashes are found an eighth of the hashes at a time
PART_SIZE = 80_000  # at 20,000 packets (600,000 hashes); fewer hashes, fewer parts


@dataclass
class CitationIndex:
    """The links of the packets added, as numbers; ``problems()`` compares them.

    Two passes keep memory flat (20,000 packets cite 600,000 links): ``add``
    keeps per link only a 64-bit hash of its key (and per packet where its
    hashes start).  ``problems`` finds the hashes more than one packet has, parses only
    those packets again (``reread``) and compares their real keys, so a hash
    collision never makes a notice.
    """

    packets: list[Cited] = field(default_factory=list)
    numbers: dict[str, int] = field(default_factory=dict)  # by path, into ``packets``
    hashes: array[int] = field(default_factory=lambda: array("q"))
    starts: array[int] = field(default_factory=lambda: array("q"))  # each packet's first hash

    def add(self, packet: Packet, *, report: bool) -> None:
        if packet.path in self.numbers:
            return
        cited = Cited(packet.path, packet.candidate, sys.intern(packet.cycle), report)
        self.add_hashes(cited, link_hashes(packet))

    def add_hashes(self, cited: Cited, hashes: Iterable[int]) -> None:
        """Add a packet by what ``add`` keeps of it (the index cache holds that)."""
        if cited.path in self.numbers:
            return
        self.numbers[cited.path] = len(self.packets)
        self.packets.append(cited)
        self.starts.append(len(self.hashes))
        self.hashes.extend(hashes)

    def reported(self) -> tuple[set[str], set[str]]:
        """The cycles and candidates of the packets whose findings are reported."""
        chosen = [c for c in self.packets if c.report]
        return {c.cycle for c in chosen}, {c.candidate for c in chosen}

    def reported_hashes(self) -> set[int]:
        """The hashes of the reported packets' links: only a packet holding one can be
        named in a finding (``problems``)."""
        starts = [*self.starts, len(self.hashes)]
        found: set[int] = set()
        for n, cited in enumerate(self.packets):
            if cited.report:
                found.update(self.hashes[starts[n] : starts[n + 1]])
        return found

    def seen(self, path: str) -> bool:
        return path in self.numbers

    def problems(self, reread: Reread) -> list[Problem]:
        shared = self._shared()
        if not shared:
            return []
        starts = self.starts
        again = sorted(
            {bisect_right(starts, i) - 1 for i, h in enumerate(self.hashes) if h in shared}
        )
        by_key: dict[str, list[Citation]] = {}
        for number in again:  # in the order added, as the citations of a link were
            cited = self.packets[number]
            packet = reread(cited)
            if packet is None:
                continue  # gone since: nothing to compare
            for key, link, position in _first_links(packet):
                if key_hash(key) in shared:
                    criterion_id, index, j = position
                    line, column = packet.value_position(
                        "evidence", criterion_id, index, "links", j
                    )
                    by_key.setdefault(key, []).append(Citation(cited, line, column, link))
        found: list[Problem] = []
        for citations in by_key.values():
            if len(citations) > 1 and any(c.packet.report for c in citations):
                found.extend(_compare(citations))
        return sorted(found)

    def _shared(self) -> set[int]:
        """The hashes added more than once (by two packets, or two keys colliding) that
        a reported packet holds: only a link a reported packet cites can make a notice."""
        starts = [*self.starts, len(self.hashes)]
        mine = [n for n, cited in enumerate(self.packets) if cited.report]
        if sum(starts[n + 1] - starts[n] for n in mine) > len(self.hashes) // PARTS:
            return self._shared_by_sorting()
        reported = array("q")
        for n in mine:
            reported.extend(self.hashes[starts[n] : starts[n + 1]])
        # Few reported packets (one file checked in a large cycle): a set of their
        # hashes, met by every other hash in C, instead of sorting them all.
        ordered = sorted(reported)
        shared = {a for a, b in pairwise(ordered) if a == b}
        wanted = set(ordered)
        # The other packets' hashes lie in the runs between the reported packets'
        # (few): one intersection per run, not one per packet.
        done = 0
        for n in mine:
            if starts[n] > done:
                shared |= wanted.intersection(self.hashes[done : starts[n]])
            done = starts[n + 1]
        if done < len(self.hashes):
            shared |= wanted.intersection(self.hashes[done:])
        return shared

    def _shared_by_sorting(self) -> set[int]:
        # A part at a time: sorting all 600,000 hashes as Python ints at once
        # would take 24 MB; an eighth takes 3 MB.  Equal hashes fall in one part
        # however many there are; 2,000 packets' 72,000 hashes are one part, sorted
        # without a pass per part in Python.
        parts = min(PARTS, -(-len(self.hashes) // PART_SIZE))
        if parts <= 1:
            ordered = sorted(self.hashes)
            return {a for a, b in pairwise(ordered) if a == b}
        shared: set[int] = set()
        for part in range(parts):
            chunk = sorted(h for h in self.hashes if h % parts == part)
            shared.update(a for a, b in pairwise(chunk) if a == b)
        return shared


def link_hashes(packet: Packet) -> set[int]:
    """The hashes of a packet's link keys, each once.

    A set: two keys of one packet that collide count once, so a hash added twice
    is in two packets (or collides there, which the second pass sees).
    """
    # The keys of _first_links, without the positions only a notice needs.
    keys = {link_key(link) for e in packet.evidence.values() for i in e.items for link in i.links}
    return {key_hash(key) for key in keys}


def _first_links(packet: Packet) -> Iterator[tuple[str, str, tuple[str, int, int]]]:
    """Each key of the packet's links once, with its first link as written and where
    that link is (criterion, item, link), for ``value_position`` when a notice needs it."""
    first: set[str] = set()
    for criterion_id, evidence in packet.evidence.items():
        for item in evidence.items:
            for j, link in enumerate(item.links):
                key = link_key(link)
                if key not in first:  # the `link` rule judges reuse inside one packet
                    first.add(key)
                    yield key, link, (criterion_id, item.index, j)


def _compare(citations: list[Citation]) -> Iterator[Problem]:
    # Linear in the citations of one link: a link every packet cites (a team's
    # page) must not make a cycle of 2,000 packets quadratic.
    by_cycle: dict[str, list[Citation]] = {}
    by_candidate: dict[str, list[Citation]] = {}
    mine: Counter[tuple[str, str]] = Counter()  # (cycle, candidate) -> citations
    for c in citations:
        by_cycle.setdefault(c.cycle, []).append(c)
        by_candidate.setdefault(c.candidate, []).append(c)
        mine[(c.cycle, c.candidate)] += 1
    for here in citations:
        if not here.packet.report:
            continue
        same_cycle = by_cycle[here.cycle]
        others = [c for c in same_cycle[: 2 * MAX_NAMED + 2] if c.candidate != here.candidate]
        total = len(same_cycle) - mine[(here.cycle, here.candidate)]
        if others:
            names = _named(others, total, lambda c: f"{c.candidate} ({c.where})")
            yield _problem(
                here,
                f"link {quote(here.link)} is also cited by {names} this cycle; shared work is "
                "fine, say what your part in it was",
            )
        date = cycle_date(here.cycle)
        earlier = [
            c
            for c in by_candidate[here.candidate]
            if date is not None and (other := cycle_date(c.cycle)) is not None and other < date
        ]
        if earlier:
            earlier.sort(key=lambda c: (cycle_date(c.cycle) or Date.min, c.packet.path))
            names = _named(earlier, len(earlier), lambda c: f"{c.cycle} ({c.where})")
            yield _problem(
                here,
                f"link {quote(here.link)} is also cited in {names}; say what is new since "
                "then, or cite newer work",
            )


def _named(chosen: list[Citation], total: int, name: Callable[[Citation], str]) -> str:
    """The first few of ``total`` citations by name, the rest counted."""
    words = [name(c) for c in chosen[:MAX_NAMED]]
    if total > MAX_NAMED:
        words.append(f"{total - MAX_NAMED} more")
    if len(words) == 1:
        return words[0]
    return ", ".join(words[:-1]) + " and " + words[-1]


def _problem(here: Citation, message: str) -> Problem:
    return Problem(here.packet.path, here.line, here.column, LEVEL, ID, message)
