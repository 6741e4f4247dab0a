"""The hash chain: each line carries the SHA-256 of the line before it.

A line's ``prev`` is the SHA-256 (hex) of the previous line's exact bytes, without
its line break; the first line's is 64 zeros.  ``seq`` counts lines from 1.  So a
line changed after the next one was written no longer matches that line's
``prev``, a line taken out leaves a gap in both, and a line moved points at the
wrong neighbour.  What the chain alone cannot show: the last line rewritten, the
last lines cut, or the whole file recomputed; the record ref's protection (only
the App may move it, never backwards) covers those (docs/security.md).

Findings are values: every function here takes any text and never raises for it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from rung.problems import FindingsError, Level, Problem
from rung.record.events import Entry, Event, LineError, decode, encode, identity
from rung.record.files import packet_of

RULE = "record"
GENESIS = "0" * 64


class RecordBroken(FindingsError):
    """The record's chain has findings: nothing may be appended to it until a person looks
    (the command reports the findings and exits 1)."""

    def __init__(self, path: str, problems: list[Problem]) -> None:
        super().__init__(
            f"{path}: the record's chain is broken, so nothing was appended; "
            "run 'rung record verify' and tell the chairs",
            problems,
        )


@dataclass(frozen=True)
class RecordFile:
    """One record file as read at one commit of the ref."""

    path: str
    text: str
    problems: list[Problem]  # bytes that are not UTF-8 (the chain's are separate)
    commit: str | None  # the ref's commit; None when the ref does not exist yet
    tree: str | None
    blob: str | None  # None when the file does not exist yet

    def chain(self) -> tuple[list[tuple[int, Entry]], list[Problem]]:
        entries, problems = read_chain(self.text, self.path)
        return entries, sorted([*self.problems, *problems])


def line_hash(line: str) -> str:
    """SHA-256 of a line's UTF-8 bytes, without its line break."""
    return hashlib.sha256(line.encode("utf-8")).hexdigest()


def decode_bytes(data: bytes, path: str) -> tuple[str, list[Problem]]:
    """The record's text; a finding (and U+FFFD in its place) for bytes that are not UTF-8."""
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        column = err.start - (data.rfind(b"\n", 0, err.start) + 1) + 1
        message = f"byte {err.start} is not UTF-8; the record was not written by rung"
        return data.decode("utf-8", "replace"), [_problem(path, line, column, message)]


def _problem(path: str, line: int, column: int, message: str) -> Problem:
    return Problem(path, line, column, Level.ERROR, RULE, message)


def _column(line: str, key: str) -> int:
    return max(line.find(f'"{key}":') + 1, 1)


def read_chain(text: str, path: str) -> tuple[list[tuple[int, Entry]], list[Problem]]:
    """The entries that decode, each with its line number, and every finding of the chain."""
    problems: list[Problem] = []
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()  # the final line break
    else:
        message = "the last line has no line break: the file was cut or written by hand"
        problems.append(_problem(path, len(lines), len(lines[-1]) + 1, message))
    hashes = {line_hash(line): number for number, line in enumerate(lines, 1)}
    packet = packet_of(path)
    entries: list[tuple[int, Entry]] = []
    previous: Entry | None = None
    for number, line in enumerate(lines, 1):
        try:
            entry = decode(line)
        except LineError as err:
            problems.append(_problem(path, number, err.column, f"not a record event: {err}"))
            previous = None
            continue
        expected_prev = GENESIS if number == 1 else line_hash(lines[number - 2])
        expected_seq = previous.seq + 1 if previous is not None else number
        if entry.prev != expected_prev:
            problems.append(
                _broken_link(path, lines, number, entry=entry, hashes=hashes, previous=previous)
            )
        elif entry.seq != expected_seq:
            message = f"seq {entry.seq} where {expected_seq} follows: the line was renumbered"
            problems.append(_problem(path, number, _column(line, "seq"), message))
        if encode_or_none(entry) != line:
            message = "not in canonical form (keys sorted, no spaces): not written by rung"
            problems.append(_problem(path, number, 1, message))
        if packet is not None and entry.event.packet != packet:
            message = f"an event about {entry.event.packet} in the record of {packet}"
            problems.append(_problem(path, number, _column(line, "packet"), message))
        entries.append((number, entry))
        previous = entry
    return entries, sorted(problems)


def encode_or_none(entry: Entry) -> str | None:
    try:
        return encode(entry)
    except ValueError:
        return None


def _broken_link(
    path: str,
    lines: list[str],
    number: int,
    *,
    entry: Entry,
    hashes: dict[str, int],
    previous: Entry | None,
) -> Problem:
    """The finding for a line whose ``prev`` is not its predecessor's hash: which kind of
    tampering explains it best."""
    column = _column(lines[number - 1], "prev")
    elsewhere = hashes.get(entry.prev)
    if elsewhere is not None:
        return _problem(
            path,
            number,
            column,
            f"lines were moved: this line follows line {elsewhere} in the chain, not line "
            f"{number - 1}",
        )
    if number == 1:
        return _problem(
            path,
            number,
            column,
            f"the first line's prev is not 64 zeros: {entry.seq - 1} line(s) before it were removed"
            if entry.seq > 1
            else "the first line's prev is not 64 zeros: it was rewritten",
        )
    if previous is not None and entry.seq == previous.seq + 1:
        return _problem(
            path,
            number - 1,
            1,
            f"line {number - 1} was rewritten after it was recorded: line {number} holds the "
            f"SHA-256 {entry.prev[:12]}…, the line now hashes to "
            f"{line_hash(lines[number - 2])[:12]}…",
        )
    if previous is not None and entry.seq > previous.seq + 1:
        missing = entry.seq - previous.seq - 1
        return _problem(
            path,
            number,
            column,
            f"{missing} line(s) were removed before this one (seq {previous.seq} is followed "
            f"by {entry.seq})",
        )
    return _problem(
        path,
        number,
        column,
        f"prev matches no line of the file: the line before it was rewritten or removed "
        f"(seq {entry.seq})",
    )


def verify_chain(text: str, path: str) -> list[Problem]:
    """Every finding of the record ``text`` (the file at ``path``); none when it is intact."""
    return read_chain(text, path)[1]


def unrecorded(entries: Sequence[Entry], events: Sequence[Event]) -> list[Event]:
    """The events not yet in the record (nor twice in ``events``), in their order."""
    seen = {identity(entry.event) for entry in entries}
    fresh: list[Event] = []
    for event in events:
        key = identity(event)
        if key not in seen:
            seen.add(key)
            fresh.append(event)
    return fresh


def chain_lines(text: str, events: Sequence[Event], at: str, path: str) -> list[str]:
    """The lines (without line breaks) that append ``events`` to the record ``text``.

    Raises RecordBroken when the record has findings: a line chained onto a
    tampered tail would make the tampering look like rung's own writing.
    """
    entries, problems = read_chain(text, path)
    if problems:
        raise RecordBroken(path, problems)
    seq = entries[-1][1].seq if entries else 0
    prev = line_hash(text[:-1].rsplit("\n", 1)[-1]) if text else GENESIS
    lines = []
    for event in events:
        seq += 1
        line = encode(Entry(seq=seq, prev=prev, at=at, event=event))
        lines.append(line)
        prev = line_hash(line)
    return lines
