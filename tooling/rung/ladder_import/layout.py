"""From blocks to a draft: find the levels and put every piece of text somewhere.

Two layouts cover the documents seen so far, and they can mix in one file:

* heading levels: a heading per level ("## L3 Engineer"), with sub-headings that
  are areas (bullets are criteria) or prose sections (scope, experience, next
  steps ...), and tables inside a level whose rows are areas;
* level matrices: a table outside any level whose first row (one column per
  level), first column (one row per level) or alternate single-cell rows name
  the levels; the section heading, the row label or the column label says what
  the cells hold (see :mod:`rung.ladder_import.matrix`).
"""

from __future__ import annotations

from rung.classes import replace
from rung.ladder_import.classify import (
    Kind,
    aka,
    is_all_levels,
    is_column_label,
    is_note,
    is_strong_level,
    says_cumulative,
    section_kind,
    track_of_heading,
)
from rung.ladder_import.grid import expand
from rung.ladder_import.labels import close_label, place_labelled
from rung.ladder_import.levels import level_headings, level_segments, paragraph_mode
from rung.ladder_import.matrix import Section, matrix
from rung.ladder_import.model import Draft, DraftLevel, Unplaced, clean_title, snippet
from rung.ladder_import.nodes import Block, Heading, Html, Other, Table, Text
from rung.ladder_import.placing import (
    DEFAULT_AREA,
    cell_text,
    cell_title,
    one_line,
    place,
    prose,
    report_dropped,
)


def build(blocks: list[Block], draft: Draft, levels_at: int | None = None) -> None:
    """Fill ``draft`` from ``blocks``; anything that fits nowhere goes to ``draft.unplaced``.

    ``levels_at``: the headings at this depth are the levels (one file per level), with
    no guessing from their words."""
    first = next((i for i, b in enumerate(blocks) if isinstance(b, Heading)), -1)
    title_index = -1
    if levels_at is not None:
        first = -1
    if first >= 0:
        heading = blocks[first]
        assert isinstance(heading, Heading)
        title = clean_title(heading.text)
        # A first heading that names no level and is no "Overview" or "FAQ" names the ladder,
        # unless it is one of the level headings that repeat at its depth.
        probe, _ = level_headings(Draft(), blocks, -1)
        if (
            title
            and not is_strong_level(title)
            and section_kind(title, False) is not Kind.IGNORE
            and not (first in probe and len(probe) > 1)
        ):
            title_index = first
            draft.name = title
    starts, level_depth = level_headings(draft, blocks, title_index)
    if levels_at is not None:
        level_depth = levels_at
        starts = {
            i for i, b in enumerate(blocks) if isinstance(b, Heading) and b.depth == levels_at
        }
    paragraphs = paragraph_mode(draft, blocks, starts, level_depth)
    # Levels with no sub-heading: their paragraphs are criteria, not summaries.
    flat = paragraphs and not any(
        isinstance(b, Heading) for seg in level_segments(blocks, starts, level_depth) for b in seg
    )
    draft.paragraph_criteria = paragraphs
    level: DraftLevel | None = None
    section: Section | None = None  # a sub-heading inside the current level
    outer: list[Section] = []  # headings outside any level
    intro = True  # before any heading other than the title
    track: list[tuple[int, str, str]] = []  # (depth, track, heading) of sections naming a track
    for index, block in enumerate(blocks):
        if (
            isinstance(block, Text)
            and not draft.cumulative_line
            and says_cumulative(block.item.text)
        ):
            draft.cumulative_line = block.item.line
        if isinstance(block, Heading):
            title = clean_title(block.text)
            if index == title_index:
                continue
            intro = False
            if index in starts:
                while track and track[-1][0] >= block.depth:
                    track.pop()
                level, section, outer = draft.level(title, block.line), None, []
                close_label(draft, level)  # a title seen before: its label ended there
                level.abbr = level.abbr or block.abbr
                if track and level.heading_track is None:
                    level.heading_track = (track[-1][1], track[-1][2])
            elif level is not None and block.depth > level_depth:
                section = Section(block.depth, title, section_kind(title, True), False)
                if section.kind is Kind.IGNORE:
                    draft.skip(
                        block.line,
                        f'section "{snippet(title)}" in level "{snippet(level.title)}" '
                        "is not about the level",
                    )
            else:
                level = None
                while outer and outer[-1].depth >= block.depth:
                    outer.pop()
                while track and track[-1][0] >= block.depth:
                    track.pop()
                named = track_of_heading(title)
                if named:
                    track.append((block.depth, named, title))
                kind = section_kind(title, inside_level=False)
                ignored = kind is Kind.IGNORE or any(s.ignored for s in outer)
                if kind is Kind.IGNORE and not any(s.ignored for s in outer):
                    draft.skipped.append(Unplaced(block.line, f'section "{title}" is not a level'))
                outer.append(Section(block.depth, title, kind, ignored, block.line))
            continue
        if isinstance(block, Table) and block.navigation:
            draft.skip(block.line, "table of links is navigation, not levels or criteria")
            continue
        if level is not None:
            placed = block
            if isinstance(block, Text) and not block.item.bullet:
                in_area = section is not None and section.kind is Kind.AREA and paragraphs
                if in_area or (section is None and flat and not aka(block.item.text)):
                    placed = Text(replace(block.item, bullet=True, depth=1))
            _in_level(draft, level, section, placed)
        elif outer and outer[-1].ignored:
            continue
        elif isinstance(block, Text) and block.item.link:
            draft.skip(block.item.line, f'link "{snippet(block.item.text)}" is navigation')
        elif isinstance(block, Table):
            top = outer[-1] if outer else Section(0, "", Kind.AREA, False)
            matrix(draft, block, top)
        elif isinstance(block, Text) and intro:
            draft.description.append(prose(block.item))
            draft.kept.append(
                Unplaced(
                    block.item.line, f'description of the ladder: "{snippet(block.item.text)}"'
                )
            )
        elif any(is_all_levels(s.title) for s in outer):
            shared = next(s for s in outer if is_all_levels(s.title))
            if isinstance(block, Text) and block.item.bullet:
                draft.shared.setdefault((shared.line, shared.title), []).append(block.item)
                why = f"line {shared.line} offers it as a shared area to paste into each level"
            else:
                why = "add it to each level as a shared area, or to the ladder's description"
            _unplace_block(draft, block, f'in "{shared.title}" (it applies to every level: {why})')
        else:
            _unplace_block(draft, block, "outside any level")
    for each in draft.levels.values():
        close_label(draft, each)


def _unplace_block(draft: Draft, block: Block, where: str) -> None:
    if isinstance(block, Text):
        kind = "bullet" if block.item.bullet else "paragraph"
        draft.unplace(block.item.line, f'{kind} {where}: "{snippet(block.item.text)}"')
    elif isinstance(block, Html):
        draft.unplace(block.line, f'HTML {where}: "{snippet(block.text)}"')
    elif isinstance(block, Other):
        draft.unplace(block.line, f'{block.kind} {where}: "{snippet(block.text)}"')
    elif isinstance(block, Table):
        draft.unplace(block.line, f"table {where}")


def _in_level(draft: Draft, level: DraftLevel, section: Section | None, block: Block) -> None:
    if section is not None and section.kind is Kind.IGNORE:
        return
    if isinstance(block, Text):
        if section is None:
            if not block.item.bullet and not level.aka and aka(block.item.text):
                level.aka = aka(block.item.text)
                level.keep(block.item.line, "aka", block.item.text)
            elif block.item.bullet and place_labelled(draft, level, block.item):
                pass
            elif block.item.bullet or is_note(block.item.text):
                place(level, DEFAULT_AREA, Kind.AREA, [block.item], in_cell=False)
            else:
                level.summary.append(block.item.text)
                level.keep(block.item.line, "summary", block.item.text)
        else:
            dropped = place(level, section.title, section.kind, [block.item], in_cell=False)
            report_dropped(draft, level, section.title, section.kind, dropped)
    elif isinstance(block, Table):
        if section is not None and section.kind is Kind.RATINGS and _ratings(level, block):
            return
        _area_rows(draft, level, section, block)
    else:
        _unplace_block(draft, block, f'in level "{level.title}"')


def _ratings(level: DraftLevel, table: Table) -> bool:
    """A two-row table of competency names over 1-5 ratings (the .NET ladder's layout)."""
    if len(table.rows) != 2 or len(table.rows[0]) != len(table.rows[1]):
        return False
    names = [cell_title(c) for c in table.rows[0]]
    values = [cell_text(c).strip() for c in table.rows[1]]
    if not all(names) or not all(v.isdigit() and 1 <= int(v) <= 5 for v in values):
        return False
    for name, value in zip(names, values, strict=True):
        level.ratings[name] = int(value)
    return True


def _area_rows(draft: Draft, level: DraftLevel, section: Section | None, table: Table) -> None:
    """A table inside a level: one row per area, the label first (theLotter's layout)."""
    title = section.title if section else DEFAULT_AREA
    kind = section.kind if section else Kind.AREA
    grid = expand(table)
    for r, slots in enumerate(grid.rows):
        row = [c for c in grid.distinct(slots) if c.items and id(c) not in grid.used]
        grid.use(*row)
        if r < table.header_rows:
            for cell in row:
                label = cell_title(cell) or one_line(cell_text(cell))
                if not is_column_label(label):
                    draft.skip(
                        cell.line,
                        f'table header "{snippet(label)}" in level '
                        f'"{level.title}" is read as a column label',
                    )
            continue
        if len(row) == 1 and (len(slots) == 1 or not cell_title(row[0]) or slots[0] is not row[0]):
            report_dropped(
                draft, level, title, kind, place(level, title, kind, list(row[0].items), True)
            )
            continue
        if not row:
            continue
        label = cell_title(row[0]) if slots[0] is row[0] else ""
        items = [item for cell in (row[1:] if label else row) for item in cell.items]
        if not label:
            for item in items:
                draft.unplace(
                    item.line,
                    f'table row without a label in level "{level.title}": "{snippet(item.text)}"',
                )
            continue
        if not items:
            draft.unplace(
                row[0].line,
                f'table row "{snippet(label)}" in level "{level.title}" has a label but no content',
            )
            continue
        kind = section_kind(label, inside_level=True)
        report_dropped(draft, level, label, kind, place(level, label, kind, items, in_cell=True))
