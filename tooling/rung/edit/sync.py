"""``rung packet sync``: bring a packet up to date with its ladder, editing only what changed.

* an evidence key that is an earlier id of a criterion (``renamed_from``) is
  renamed in place (inside its quotes, if it has them), unless the packet also
  names the new id: then it is marked, like a criterion no longer required;
* a criterion the move now requires and the packet does not name is added at
  the end of ``evidence:``, as ``rung new`` writes it: the ladder's words as a
  comment and one empty item to fill in;
* a criterion the move no longer requires is marked with a comment above its
  key (the claim is the author's: sync never deletes it).

Every other byte of the file stays as it is.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass, field

from rung.ladder.model import Criterion, Ladder, MoveError, required_criteria
from rung.model.packet import Packet

WIDTH = 88
NO_LONGER = "# rung packet sync: no longer required"


@dataclass
class Synced:
    text: str
    renamed: list[tuple[str, str]] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    marked: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.renamed or self.added or self.marked)


def sync_packet(packet: Packet, ladder: Ladder) -> Synced:
    """The packet's text brought up to date with ``ladder`` (MoveError for a refused move)."""
    required = required_criteria(ladder, packet.from_level, packet.to_level)
    renamed = ladder.renamed
    rows = packet.text.split("\n")
    result = Synced(packet.text)
    wanted = {c.id for c in required}
    present = set(packet.evidence)
    inserts: list[tuple[int, list[str]]] = []  # (row index to insert before, lines)
    indent = ""
    for criterion_id in packet.evidence:
        line, column = packet.key_position("evidence", criterion_id)
        row = rows[line - 1]
        indent = indent or " " * (column - 1)
        new_id = renamed.get(criterion_id)
        if new_id is not None and new_id not in present:
            # The old key counts for the new id (validate says so in a notice), so the
            # new id is never added beside it, even when the key cannot be renamed here.
            present.add(new_id)
            start = column - 1 + (row[column - 1 : column] in ("'", '"'))  # inside quotes
            if row[start : start + len(criterion_id)] == criterion_id:  # not spelt otherwise
                rows[line - 1] = row[:start] + new_id + row[start + len(criterion_id) :]
                result.renamed.append((criterion_id, new_id))
            continue
        if criterion_id in wanted or (line >= 2 and rows[line - 2].strip().startswith(NO_LONGER)):
            continue
        move = f"{ladder.id} {packet.from_level} -> {packet.to_level}"
        if new_id is not None:  # both ids are keys: renaming would make a duplicate
            why = f"is now {new_id}, which the packet names too"
        elif criterion_id not in ladder.criteria_by_id:
            why = "is no criterion of the ladder"
        else:
            why = ""
        note = f"{NO_LONGER} by {move}" + (f" ({criterion_id} {why})" if why else "")
        inserts.append((line - 1, [f"{indent}{note}; move the claim or remove it"]))
        result.marked.append(criterion_id)
    missing = [c for c in required if c.id not in present]
    if missing:
        indent = indent or "  "
        inserts.append((_evidence_end(packet, rows), _new_entries(missing, indent)))
        result.added = [c.id for c in missing]
    for at, lines in sorted(inserts, key=lambda pair: pair[0], reverse=True):
        rows[at:at] = lines
    result.text = "\n".join(rows)
    return result


def _new_entries(criteria: list[Criterion], indent: str) -> list[str]:
    out: list[str] = []
    for criterion in criteria:
        words = textwrap.wrap(" ".join(criterion.text.split()), WIDTH - len(indent) - 2) or [""]
        out += [f"{indent}# {line}" for line in words]
        if criterion.min_evidence > 1:
            out.append(f"{indent}# (needs {criterion.min_evidence} distinct items)")
        out += [f"{indent}{criterion.id}:", f'{indent}  - claim: ""', f"{indent}    links: []"]
    return out


# A value that opens a block scalar (``gap: |``, ``- claim: >-``): the lines after it that
# are indented more are its text, even the ones that start with ``#``.
_BLOCK = re.compile(r"(?::|^\s*-)\s+[|>][-+1-9]{0,2}\s*(?:#.*)?$")


def _evidence_end(packet: Packet, rows: list[str]) -> int:
    """The row index just after the last line of the ``evidence:`` mapping."""
    start = packet.key_position("evidence")[0]  # 1-based line of `evidence:`
    closing = packet.body_first_line - 2  # 0-based row of the closing `---`
    end = start  # 0-based index of the row after the last evidence line seen
    block: int | None = None  # the indentation a block scalar's text is deeper than
    for index in range(start, closing):
        row = rows[index]
        indent = len(row) - len(row.lstrip(" "))
        if block is not None and (not row.strip() or indent > block):
            end = index + 1 if row.strip() else end
            continue
        block = None
        if row and not row[0].isspace() and not row.startswith("#"):
            break  # the next top-level key
        if row.strip() and not row.lstrip().startswith("#"):
            end = index + 1
            block = indent if _BLOCK.search(row) else None
    return end


def sync_or_explain(packet: Packet, ladder: Ladder) -> Synced | str:
    try:
        return sync_packet(packet, ladder)
    except MoveError as err:
        return str(err)
