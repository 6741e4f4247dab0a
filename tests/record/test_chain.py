"""The hash chain finds a line rewritten, removed or moved, and never raises for any text."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from recordmaker import AT, RECORD, assigned, one_of_each, record_text, requested, verdict
from rung.problems import FindingsError, Level
from rung.record.chain import (
    GENESIS,
    RecordBroken,
    chain_lines,
    decode_bytes,
    line_hash,
    read_chain,
    unrecorded,
    verify_chain,
)
from rung.record.events import Entry, decode, encode

TEXT = record_text(one_of_each())
LINES = TEXT.splitlines()


def _messages(text: str) -> list[tuple[int, str]]:
    return [(p.line, p.message) for p in verify_chain(text, RECORD)]


def _join(lines: list[str]) -> str:
    return "".join(f"{line}\n" for line in lines)


def test_an_intact_record_has_no_finding() -> None:
    assert len(LINES) == 9
    assert verify_chain(TEXT, RECORD) == []
    assert json.loads(LINES[0])["prev"] == GENESIS
    for number in range(1, len(LINES)):
        assert json.loads(LINES[number])["prev"] == line_hash(LINES[number - 1])
        assert json.loads(LINES[number])["seq"] == number + 1


def test_a_rewritten_line_is_found_by_the_next_line() -> None:
    lines = list(LINES)
    lines[5] = lines[5].replace("/meets", "/not-yet")  # the verdict, re-encoded canonically
    entry = decode(lines[5])
    assert encode(entry) == lines[5]
    [problem] = verify_chain(_join(lines), RECORD)
    assert (problem.path, problem.line, problem.column) == (RECORD, 6, 1)
    assert problem.level is Level.ERROR and problem.rule == "record"
    assert problem.message.startswith(
        "line 6 was rewritten after it was recorded: line 7 holds the SHA-256 "
        f"{line_hash(LINES[5])[:12]}…, the line now hashes to {line_hash(lines[5])[:12]}…"
    )


def test_a_removed_line_leaves_a_gap() -> None:
    lines = LINES[:3] + LINES[4:]
    [(line, message)] = _messages(_join(lines))
    assert line == 4
    assert message == "1 line(s) were removed before this one (seq 3 is followed by 5)"


def test_removed_first_lines() -> None:
    assert _messages(_join(LINES[2:])) == [
        (1, "the first line's prev is not 64 zeros: 2 line(s) before it were removed")
    ]


def test_reordered_lines_point_at_the_wrong_neighbour() -> None:
    lines = [LINES[0], LINES[2], LINES[1], *LINES[3:]]
    assert _messages(_join(lines)) == [
        (2, "lines were moved: this line follows line 3 in the chain, not line 1"),
        (3, "lines were moved: this line follows line 1 in the chain, not line 2"),
        (4, "lines were moved: this line follows line 2 in the chain, not line 3"),
    ]


def test_a_renumbered_last_line() -> None:
    data = json.loads(LINES[-1])
    data["seq"] = 12
    last = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    problems = verify_chain(_join([*LINES[:-1], last]), RECORD)
    assert [(p.line, p.message) for p in problems] == [
        (9, "seq 12 where 9 follows: the line was renumbered")
    ]
    assert problems[0].column == last.index('"seq":') + 1


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ("{oops", "not a record event: not JSON: Expecting property name"),
        ('{"at":"x"}', "not a record event: missing required field(s): seq, prev, kind"),
        ("", "not a record event: not JSON: Expecting value"),
    ],
)
def test_a_line_that_is_not_an_event(bad: str, message: str) -> None:
    lines = [*LINES[:2], bad, *LINES[3:]]
    found = _messages(_join(lines))
    assert found[0][0] == 3 and found[0][1].startswith(message)
    # the line after it cannot be chained on what is not the recorded line
    assert found[1] == (4, "prev matches no line of the file: the line before it was rewritten "
                        "or removed (seq 4)")  # fmt: skip


def test_hand_written_spacing_is_not_rungs() -> None:
    spaced = json.dumps(json.loads(LINES[-1]), sort_keys=True)
    assert _messages(_join([*LINES[:-1], spaced])) == [
        (9, "not in canonical form (keys sorted, no spaces): not written by rung")
    ]


def test_a_cut_last_line() -> None:
    problems = verify_chain(TEXT[:-1], RECORD)
    assert [(p.line, p.column) for p in problems] == [(9, len(LINES[-1]) + 1)]
    assert "no line break" in problems[0].message


def test_an_event_of_another_packet() -> None:
    other = record_text([assigned()], path="records/2026-H2/maya.jsonl")
    [problem] = verify_chain(other, "records/2026-H2/maya.jsonl")
    assert problem.message == (
        "an event about packets/2026-H2/dana-levi.md in the record of packets/2026-H2/maya.md"
    )


def test_bytes_that_are_not_utf8() -> None:
    text, problems = decode_bytes(TEXT.encode()[:40] + b"\xff" + TEXT.encode()[41:], RECORD)
    assert "\ufffd" in text
    assert [(p.line, p.column, p.message) for p in problems] == [
        (1, 41, "byte 40 is not UTF-8; the record was not written by rung")
    ]


def test_appending_chains_on_the_tail_and_skips_what_is_recorded() -> None:
    entries = [e for _, e in read_chain(TEXT, RECORD)[0]]
    fresh = unrecorded(entries, [assigned(), requested("zed"), requested("zed"), verdict()])
    assert fresh == [requested("zed")]
    [line] = chain_lines(TEXT, fresh, AT, RECORD)
    assert decode(line) == Entry(10, line_hash(LINES[-1]), AT, requested("zed"))
    assert verify_chain(TEXT + line + "\n", RECORD) == []


def test_nothing_is_appended_to_a_broken_record() -> None:
    with pytest.raises(RecordBroken) as raised:
        chain_lines(_join(LINES[:3] + LINES[4:]), [requested("zed")], AT, RECORD)
    assert isinstance(raised.value, FindingsError)
    assert [p.line for p in raised.value.problems] == [4]


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_any_text_gets_findings_never_an_exception(text: str) -> None:
    problems = read_chain(text, RECORD)[1]
    assert all(p.rule == "record" for p in problems)
    assert (problems != []) == (text != "")  # no random text is a chained record


@settings(max_examples=200, deadline=None)
@given(
    st.integers(0, len(LINES) - 2),
    st.integers(0, 10_000),
    st.sampled_from('0123456789abcdef:,"{}[] xé'),
)
def test_any_change_to_a_line_but_the_last_is_found(index: int, where: int, char: str) -> None:
    line = LINES[index]
    at = where % len(line)
    changed = line[:at] + char + line[at + 1 :]
    if changed == line:
        return
    lines = list(LINES)
    lines[index] = changed
    assert verify_chain(_join(lines), RECORD) != []


def _column_of(line: str, key: str) -> int:
    return line.index(f'"{key}":') + 1


def test_each_finding_points_at_the_key_that_shows_it() -> None:
    """The column of a broken link is its ``prev`` key's, of an event about another
    packet its ``packet`` key's, of a line not in canonical form the line's start."""
    gap = LINES[:3] + LINES[4:]
    [problem] = verify_chain(_join(gap), RECORD)
    assert (problem.line, problem.column) == (4, _column_of(gap[3], "prev"))
    moved = [LINES[0], LINES[2], LINES[1], *LINES[3:]]
    assert [(p.line, p.column) for p in verify_chain(_join(moved), RECORD)] == [
        (n, _column_of(moved[n - 1], "prev")) for n in (2, 3, 4)
    ]
    other = record_text([assigned()], path="records/2026-H2/maya.jsonl")
    [problem] = verify_chain(other, "records/2026-H2/maya.jsonl")
    assert problem.column == _column_of(other, "packet") > 1
    spaced = json.dumps(json.loads(LINES[-1]), sort_keys=True)
    [problem] = verify_chain(_join([*LINES[:-1], spaced]), RECORD)
    assert (problem.line, problem.column) == (9, 1)


def test_a_first_line_not_on_genesis_says_whether_lines_went_before_it() -> None:
    """seq 1 with another prev was rewritten; seq 2 or more lost the lines before it."""
    data = json.loads(LINES[0])
    data["prev"] = "f" * 64
    first = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    found = verify_chain(_join([first, *LINES[1:]]), RECORD)
    assert (
        1, _column_of(first, "prev"), "the first line's prev is not 64 zeros: it was rewritten",
    ) in [(p.line, p.column, p.message) for p in found]  # fmt: skip
    assert _messages(_join(LINES[1:]))[0] == (
        1, "the first line's prev is not 64 zeros: 1 line(s) before it were removed",
    )  # fmt: skip


def test_a_line_whose_prev_matches_nothing_after_a_renumbered_one() -> None:
    """A rewritten line that also kept its predecessor's seq (no gap, no moved line)
    is named as such, not as lines removed."""
    data = json.loads(LINES[4])
    data["prev"] = "e" * 64
    data["seq"] = 4  # the seq of the line before it: neither next nor a gap
    odd = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    found = _messages(_join([*LINES[:4], odd, *LINES[5:]]))
    assert found[0] == (
        5, "prev matches no line of the file: the line before it was rewritten or removed (seq 4)",
    )  # fmt: skip


def test_bytes_that_are_not_utf8_on_a_later_line() -> None:
    data = TEXT.encode()
    start = len(LINES[0].encode()) + 1 + len(LINES[1].encode()) + 1  # line 3, column 1
    broken = data[: start + 5] + b"\xc3\x28" + data[start + 7 :]
    assert [(p.line, p.column) for p in decode_bytes(broken, RECORD)[1]] == [(3, 6)]
    at_line_start = data[:start] + b"\xff" + data[start + 1 :]
    assert [(p.line, p.column) for p in decode_bytes(at_line_start, RECORD)[1]] == [(3, 1)]
    assert [(p.line, p.column) for p in decode_bytes(b"\n\xff\n", RECORD)[1]] == [(2, 1)]


def test_a_key_written_by_hand_is_pointed_at_from_the_line_start() -> None:
    """JSON allows a space before the colon; rung never writes one, so the finding
    cannot point at the key and points at column 1."""
    data = json.loads(LINES[4])
    data["prev"] = "e" * 64
    data["seq"] = 4
    canonical = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    by_hand = canonical.replace('"prev":', '"prev" :')
    found = verify_chain(_join([*LINES[:4], by_hand, *LINES[5:]]), RECORD)
    assert [(p.line, p.column) for p in found if p.message.startswith("prev matches")] == [(5, 1)]


def test_a_broken_record_refuses_with_a_message_that_says_what_to_do() -> None:
    with pytest.raises(RecordBroken) as caught:
        chain_lines(TEXT[:-1], [assigned("bob")], AT, RECORD)
    assert str(caught.value).startswith(
        f"{RECORD}: the record's chain is broken, so nothing was appended; "
        "run 'rung record verify' and tell the chairs"
    )
