"""Which headings are levels: the ones that repeat at one depth in one naming scheme.

Levels are the headings of the most common scheme ("IC1" ... "IC5", "Level 3",
role titles) at the depth where most of them are; each track heading
("## Managers") may name its own levels its own way ("M3" beside "E3").
"""

from __future__ import annotations

from collections import Counter

from rung.ladder_import.classify import (
    Kind,
    is_role,
    is_sentence,
    is_strong_level,
    scheme,
    section_kind,
    track_of_heading,
)
from rung.ladder_import.model import Draft, clean_title, snippet
from rung.ladder_import.nodes import Block, Heading, Table, Text


def _track_groups(headings: list[tuple[int, Heading, str]]) -> dict[int, str]:
    """Heading index -> the track named by the nearest heading above it ("" for none)."""
    groups: dict[int, str] = {}
    stack: list[tuple[int, str]] = []
    for i, b, title in headings:
        while stack and stack[-1][0] >= b.depth:
            stack.pop()
        groups[i] = track_of_heading(b.abbr) or (stack[-1][1] if stack else "")
        named = track_of_heading(title)
        if named:
            stack.append((b.depth, named))
    return groups


def level_headings(draft: Draft, blocks: list[Block], title_index: int) -> tuple[set[int], int]:
    """Indexes of the headings that start a level, and their depth (0 when there are none).

    Levels are the headings of the most common naming scheme at the depth where most
    of them are: with "IC1" ... "IC5" headings, "Successful engineers" beside them is
    prose, not an entry level.  Rejected candidates become warnings.
    """
    headings = [
        (i, b, clean_title(b.text))
        for i, b in enumerate(blocks)
        if isinstance(b, Heading) and i != title_index and clean_title(b.text)
    ]
    names = [(i, b, title) for i, b, title in headings if not is_sentence(title)]
    for test in (is_strong_level, is_role):
        found = [
            (i, b, title)
            for i, b, title in names
            if test(title) and section_kind(title, inside_level=False) is Kind.AREA
        ]
        if not found:
            continue
        counts = Counter(b.depth for _, b, _ in found)
        depth = min(counts, key=lambda d: (-counts[d], d))
        at_depth = [(i, b, t) for i, b, t in found if b.depth == depth]
        # Each track heading ("## Managers") may name its levels its own way (E3 / M3).
        group = _track_groups(headings)
        schemes: dict[str, Counter[str]] = {}
        for i, _, t in at_depth:
            schemes.setdefault(group[i], Counter())[scheme(t)] += 1
        best = {g: max(c, key=lambda k: (c[k], -list(c).index(k))) for g, c in schemes.items()}
        everywhere = Counter(scheme(t) for _, _, t in at_depth)
        fallback = max(everywhere, key=lambda k: (everywhere[k], -list(everywhere).index(k)))
        starts = set()
        for i, b, title in names:
            if b.depth != depth or section_kind(title, inside_level=False) is not Kind.AREA:
                continue
            wanted = best.get(group[i], fallback)
            if (is_strong_level(title) or is_role(title)) and scheme(title) == wanted:
                starts.add(i)
            elif is_strong_level(title) or is_role(title):
                example = next(t for _, _, t in at_depth if scheme(t) == wanted)
                draft.warn(
                    b.line,
                    f'heading "{snippet(title)}" is not taken as a level: the levels at its '
                    f'depth are named like "{snippet(example, 30)}"',
                )
        return starts, depth
    return set(), 0


def level_segments(blocks: list[Block], starts: set[int], depth: int) -> list[list[Block]]:
    """The blocks under each level heading, up to the next heading at its depth or above."""
    segments: list[list[Block]] = []
    inside = False
    for index, block in enumerate(blocks):
        if index in starts:
            segments.append([])
            inside = True
        elif isinstance(block, Heading) and block.depth <= depth:
            inside = False
        elif inside:
            segments[-1].append(block)
    return segments


def paragraph_mode(draft: Draft, blocks: list[Block], starts: set[int], depth: int) -> bool:
    """Whether paragraphs in levels are criteria: asked for, or the document has no bullet
    and no table, so paragraphs are the only thing a criterion can be."""
    if draft.criteria_from != "auto":
        return draft.criteria_from == "paragraphs"
    listed = any(isinstance(b, Table) or (isinstance(b, Text) and b.item.bullet) for b in blocks)
    segments = level_segments(blocks, starts, depth)
    return not listed and any(isinstance(b, Text) for seg in segments for b in seg)
