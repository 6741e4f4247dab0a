"""Sealed verdicts in the record: ``sealed``, ``revealed`` and ``reveal-refused`` lines, and
what they replay into (never a verdict until revealed)."""

from __future__ import annotations

import json
from dataclasses import fields

import jsonschema
import pytest

from recordmaker import AT, CRITERION, PACKET, PACKET_SHA, verdict
from rung.classes import replace
from rung.loaders.schema_fast import load_schema
from rung.record.events import (
    Entry,
    Event,
    LineError,
    Revealed,
    RevealRefused,
    Sealed,
    Verdict,
    decode,
    encode,
    identity,
)
from rung.record.replay import PacketRecord, replay

ZEROS = "0" * 64


def sealed(author: str = "noa-shapiro", comment_id: int = 2001, body: str = "a" * 64) -> Sealed:
    return Sealed(
        PACKET, PACKET_SHA, 7, comment_id, f"PRRC_{comment_id}", author, 4242, CRITERION, body,
        "2026-07-01T10:00:00Z", None,
    )  # fmt: skip


def revealed(seal: Sealed, command: str = "/not-yet") -> Revealed:
    plain = {f.name: getattr(verdict(), f.name) for f in fields(Verdict)}
    plain.update(
        comment_id=seal.comment_id, node_id=seal.node_id, author=seal.author,
        body_sha256=seal.body_sha256, command=command, reason="opened",
    )  # fmt: skip
    return Revealed(**plain)


def refused(seal: Sealed) -> RevealRefused:
    return RevealRefused(
        PACKET, 7, seal.comment_id, seal.node_id, seal.author, CRITERION, seal.body_sha256,
        "sealed for another criterion: copied here",
    )  # fmt: skip


@pytest.mark.parametrize(
    "event", [sealed(), revealed(sealed()), refused(sealed())], ids=lambda e: e.KIND
)
def test_each_reads_back_and_passes_the_published_schema(event: Event) -> None:
    line = encode(Entry(2, "f" * 64, AT, event))
    assert decode(line) == Entry(2, "f" * 64, AT, event)
    assert type(decode(line).event) is type(event)
    jsonschema.Draft202012Validator(load_schema("record-event")).validate(json.loads(line))


def test_a_sealed_line_holds_no_command_and_no_reason() -> None:
    line = json.loads(encode(Entry(1, ZEROS, AT, sealed())))
    assert not {"command", "reason"} & set(line["sealed"])


def test_a_revealed_verdict_is_a_review_comment_on_a_criterion() -> None:
    wrong = replace(revealed(sealed()), source="issue-comment")
    with pytest.raises(ValueError, match="a revealed verdict is a review comment"):
        encode(Entry(1, ZEROS, AT, wrong))
    line = encode(Entry(1, ZEROS, AT, revealed(sealed()))).replace('"reason":"opened"', "")
    with pytest.raises(LineError):
        decode(line)


def test_the_same_seal_seen_again_is_the_same_event() -> None:
    assert identity(sealed()) == identity(replace(sealed(), updated_at="2026-07-02T00:00:00Z"))
    assert identity(sealed()) != identity(sealed(body="b" * 64))
    assert identity(revealed(sealed())) != identity(verdict())


def _state(*events: Event) -> PacketRecord:
    return replay(Entry(i, ZEROS, AT, e) for i, e in enumerate(events, 1))


def test_a_seal_is_no_verdict_until_revealed_and_the_last_seal_is_the_one() -> None:
    first, again = sealed(), sealed(comment_id=2002, body="b" * 64)
    other = sealed("amir-cohen", comment_id=2003)
    state = _state(first, other, again)
    assert state.verdicts == ()
    assert state.unrevealed == (other, again)  # noa's second seal replaced her first
    state = _state(first, other, again, revealed(again), refused(other))
    assert state.unrevealed == ()
    [counted] = state.verdicts
    assert (counted.author, counted.current.command) == ("noa-shapiro", "/not-yet")
    assert state.reveal_refused == (refused(other),)
