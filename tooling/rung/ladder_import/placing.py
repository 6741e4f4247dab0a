"""Putting text found under a title into a level: criteria, notes, prose or guidance."""

from __future__ import annotations

from rung.ladder_import.classify import Kind, is_note
from rung.ladder_import.model import Draft, DraftLevel, Item, clean_title, snippet
from rung.ladder_import.nodes import Cell

DEFAULT_AREA = "Expectations"  # for criteria that sit directly under a level or a bare table


def prose(item: Item) -> str:
    return f"- {item.text}" if item.bullet else item.text


def one_line(text: str) -> str:
    return " ".join(part.strip() for part in text.splitlines() if part.strip())


def place(
    level: DraftLevel, title: str, kind: Kind, items: list[Item], in_cell: bool
) -> list[Item]:
    """Put ``items`` found under ``title`` into ``level`` according to ``kind``; return the
    items left out on purpose (for :func:`report_dropped`)."""
    items = [i for i in items if i.text.strip()]
    title = title.strip() or DEFAULT_AREA
    if kind is Kind.IGNORE or not items:
        return items
    if in_cell and kind is Kind.SUMMARY:
        if level.criteria_from == "cells":
            kind = Kind.AREA  # the maintainer says every line of a table cell is a criterion
        else:
            level.cell_summaries += 1
    notes = [i for i in items if kind is not Kind.AREA and is_note(i.text)]
    items = [i for i in items if i not in notes]  # "N/A" says nothing about prose
    if not items:
        return notes
    for item in items if kind is not Kind.AREA else ():
        level.keep(item.line, f'{kind.value} "{snippet(title)}"', item.text)
    if kind is Kind.SUMMARY:
        level.summary.extend(prose(i) for i in items)
    elif kind is Kind.EXPERIENCE:
        text = "\n".join(prose(i) for i in items)
        level.typical_experience.append(
            text if "experience" in title.lower() else f"{title}: {text}"
        )
    elif kind is Kind.TENURE:
        level.tenure.extend(one_line(i.text) for i in items)
    elif kind in (Kind.GUIDANCE, Kind.RATINGS):
        for item in items:
            level.add_guidance(title, item.text)
    else:
        has_bullets = any(i.bullet for i in items)
        for item in items:
            if is_note(item.text):
                area = level.area(title, item.line)
                area.note = area.note or one_line(item.text)
            elif _is_criterion(level.criteria_from, item, in_cell, has_bullets):
                level.area(title, item.line).criteria.append(
                    Item(one_line(item.text), item.line, True)
                )
            else:
                level.add_guidance(title, item.text)
                level.keep(
                    item.line,
                    f'guidance "{snippet(title)}" (a paragraph beside bullets: '
                    "--criteria-from paragraphs makes it a criterion)",
                    item.text,
                )
    return notes


def _is_criterion(mode: str, item: Item, in_cell: bool, has_bullets: bool) -> bool:
    """Whether text under an area is a criterion, for each ``--criteria-from``."""
    if mode == "paragraphs":
        return True
    if mode == "bullets":
        return item.bullet
    if mode == "cells":
        return item.bullet or in_cell
    return item.bullet or (in_cell and not has_bullets)


def report_dropped(
    draft: Draft, level: DraftLevel, title: str, kind: Kind, dropped: list[Item]
) -> None:
    """A ``skipped`` line for each item :func:`place` left out, so none is lost silently."""
    where = f'under "{snippet(title or DEFAULT_AREA)}" in level "{snippet(level.title)}"'
    for item in dropped:
        why = (
            "that label is about the document, not the level"
            if kind is Kind.IGNORE
            else f"a note is kept only on an area, and {kind.value} is not one"
        )
        draft.skip(item.line, f'"{snippet(item.text)}" {where} is left out: {why}')


def cell_text(cell: Cell) -> str:
    return " ".join(i.text for i in cell.items)


def cell_title(cell: Cell) -> str:
    """The cell as a label: one short line of text that is not a bullet, else ""."""
    if len(cell.items) != 1 or cell.items[0].bullet:
        return ""
    title = clean_title(one_line(cell.items[0].text))
    return title if len(title) <= 80 else ""
