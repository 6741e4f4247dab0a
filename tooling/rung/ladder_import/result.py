"""What an import gives back (:class:`ImportResult`), and the steps from a filled draft to it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rung.ladder_import.assemble import assemble
from rung.ladder_import.emit import Writer
from rung.ladder_import.model import Draft, Unplaced
from rung.ladder_import.plan import LevelPlan, TrackHint, plan_levels
from rung.ladder_import.quality import quality_lines
from rung.ladder_import.references import resolve_references
from rung.ladder_import.shared import offer_shared

FILE_LINES = 1_000_000  # lines of file k of several are numbered from k * FILE_LINES


@dataclass(frozen=True)
class ImportResult:
    """The draft (None when no level was found) and what the report says about it."""

    draft: str | None
    data: dict[str, Any] | None
    unplaced: tuple[Unplaced, ...]
    skipped: tuple[Unplaced, ...]
    warnings: tuple[Unplaced, ...]
    levels: int
    areas: int
    criteria: int
    quality: tuple[str, ...] = ()  # per level and what to check first; see quality_lines
    kept: tuple[Unplaced, ...] = ()  # text kept as prose (summary, guidance ...), not criteria
    hint: str = ""  # a --criteria-from to try when the document was ambiguous

    def kept_lines(self, path: str) -> list[str]:
        """``FILE:LINE: prose: ...`` for each piece of text that is level or ladder prose,
        then a count: with the criteria and the unplaced, every text node is accounted for."""
        lines = [f"{self.where(path, k.line)}: prose: {k.message}" for k in self.kept]
        lines.append(f"prose {len(self.kept)} (kept as summary, guidance or description)")
        return lines + ([self.hint] if self.hint else [])

    files: tuple[str, ...] = ()  # several files: a line N of file k is k * FILE_LINES + N

    def where(self, path: str, line: int) -> str:
        """``FILE:LINE`` of a line of the draft's source (of one of its files)."""
        if self.files:
            return f"{self.files[line // FILE_LINES]}:{line % FILE_LINES}"
        return f"{path}:{line}"

    def report_lines(self, path: str) -> list[str]:
        """``FILE:LINE: unplaced: ...`` lines in line order, then the summary line."""
        found = [(u.line, i, f"unplaced: {u.message}") for i, u in enumerate(self.unplaced)]
        found += [(s.line, -1, f"skipped: {s.message}") for s in self.skipped]
        found += [(w.line, -2, f"warning: {w.message}") for w in self.warnings]
        lines = [f"{self.where(path, line)}: {text}" for line, _, text in sorted(found)]
        lines.append(
            f"levels {self.levels}, areas {self.areas}, criteria {self.criteria}, "
            f"unplaced {len(self.unplaced)}"
        )
        return lines


def finish(
    draft: Draft,
    ladder_id: str,
    path: str,
    hints: tuple[TrackHint, ...],
    *,
    data_file: bool = False,
    files: tuple[str, ...] = (),
) -> ImportResult:
    """Ids, tracks and ranks for a filled ``draft``, and its YAML text and report."""

    def where(line: int) -> str:
        if files:
            return f"{files[line // FILE_LINES]} line {line % FILE_LINES}"
        return f"line {line}"

    if not draft.levels and not (data_file and draft.unplaced):
        draft.unplace(1, "no level found: no heading, table row or column names a level")
    if not draft.levels:
        return ImportResult(None, None, tuple(draft.unplaced), tuple(draft.skipped), (), 0, 0, 0)
    plans = plan_levels(draft, hints)
    resolve_references(draft, plans, cumulative=bool(draft.cumulative_line))
    offer_shared(draft, plans)
    done = assemble(draft, plans, ladder_id, f"Imported by rung ladder import from {path}", where)
    done.above[("id",)] = [
        "Draft imported by `rung ladder import` from",
        f"  {path}",
        f"Review it before committing it as ladders/{ladder_id}.yaml (docs/ladder-import.md):",
        "- each level's id, track and rank (the comment above each level says how they were guessed);",
        "- cumulative, and the entry level of each track;",
        "- areas that share an id across levels should mean the same thing;",
        "- criterion text is verbatim; `# line N` points at its line in the source;",
        "- the import report lists what was left out (unplaced) or skipped on purpose.",
        "",
    ]
    return ImportResult(
        draft=Writer(done.above, done.after).dump(done.data),
        data=done.data,
        unplaced=tuple(sorted(draft.unplaced, key=lambda u: u.line)),  # stable within a line
        skipped=tuple(draft.skipped),
        warnings=tuple(draft.warnings),
        levels=len(plans),
        areas=done.areas,
        criteria=done.criteria,
        quality=tuple(quality_lines(draft, plans, done.data)),
        kept=tuple(sorted(draft.kept + [k for p in plans for k in p.level.kept], key=_line)),
        hint=_hint(draft, plans),
        files=files,
    )


def _line(found: Unplaced) -> int:
    return found.line


def _hint(draft: Draft, plans: list[LevelPlan]) -> str:
    """Say so when paragraphs and bullets could each be the criteria."""
    guidance = sum("--criteria-from paragraphs" in k.message for p in plans for k in p.level.kept)
    if guidance:
        return (
            f"hint: {guidance} paragraph(s) beside bullets were kept as guidance; if the "
            "paragraphs are the criteria, rerun with --criteria-from paragraphs"
        )
    cells = sum(p.level.cell_summaries for p in plans)
    if cells:
        return (
            f"hint: {cells} table cell(s) were kept as level summaries (by their column or row); if "
            "they are criteria, rerun with --criteria-from cells"
        )
    if draft.paragraph_criteria and draft.criteria_from == "auto":
        return (
            "hint: the document has no bullets or tables, so its paragraphs were taken as "
            "criteria; rerun with --criteria-from bullets to keep them as prose"
        )
    return ""
