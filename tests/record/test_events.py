"""A record line is canonical JSON, one event, checked by the schema and by rung's rules."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import jsonschema
import pytest

from recordmaker import AT, assigned, by_command, changed, one_of_each, verdict
from rung.classes import replace
from rung.loaders.schema_fast import load_schema
from rung.record.events import (
    KINDS,
    Entry,
    Event,
    LineError,
    body_sha256,
    decode,
    encode,
    identity,
)

ZEROS = "0" * 64


def test_a_line_is_sorted_keys_without_white_space() -> None:
    line = encode(Entry(1, ZEROS, AT, assigned()))
    assert line == (
        '{"assigned":{"by":null,"comment_id":null,"login":"noa-shapiro","node_id":null,'
        '"packet":"packets/2026-H2/dana-levi.md","pull":7,"via":"rung"},'
        f'"at":"{AT}","kind":"assigned","prev":"{ZEROS}","seq":1}}'
    )


def test_text_is_written_as_utf8_not_escaped() -> None:
    line = encode(Entry(3, ZEROS, AT, verdict(reason="Zoë’s “clear” HLD & 50% — yes")))
    assert "Zoë’s “clear” HLD & 50% — yes" in line
    assert line.encode("utf-8").count(b"\\u") == 0


@pytest.mark.parametrize("event", one_of_each(), ids=lambda e: e.KIND)
def test_every_kind_reads_back_and_passes_the_published_schema(event: Event) -> None:
    line = encode(Entry(2, "f" * 64, AT, event))
    assert decode(line) == Entry(2, "f" * 64, AT, event)
    jsonschema.Draft202012Validator(load_schema("record-event")).validate(json.loads(line))


def test_every_kind_is_in_the_schema() -> None:
    schema = load_schema("record-event")
    assert schema["properties"]["kind"]["enum"] == list(KINDS)
    assert set(KINDS) <= set(schema["properties"])


def _line(**changes: object) -> str:
    data = json.loads(encode(Entry(1, ZEROS, AT, verdict())))
    for key, value in changes.items():
        if key.startswith("verdict."):
            data["verdict"][key.removeprefix("verdict.")] = value
        else:
            data[key] = value
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


@pytest.mark.parametrize(
    ("line", "message", "column"),
    [
        ('{"seq":1,', "not JSON: Expecting property name enclosed in double quotes", 10),
        ("[1, 2]", "not a JSON object", 1),
        (_line(kind="vote"), "kind: 'vote' is not one of: assigned, requested", 0),
        (_line(seq=True), "seq: expected a whole number, found true", 0),
        (_line(seq=0), "seq: must be at least 1, not 0", 0),
        (_line(prev="abc"), "prev: 'abc' is not in the expected form", 0),
        (_line(**{"verdict.author": "not a login"}), "verdict.author: 'not a login'", 0),
        (_line(**{"verdict.reason": "ok\x1b[2J"}), "contains the control character U+001B", 0),
        (_line(**{"verdict.extra": 1}), "unknown field 'extra'", 0),
        (_line(kind="assigned"), "a 'assigned' line holds the event under 'assigned' only", 1),
        (_line(requested={}), "requested: missing required field(s): packet", 0),
        (_line(**{"verdict.criterion": None}), "verdict: a /recommend has no criterion", 0),
    ],
    ids=[
        "not-json", "array", "unknown-kind", "bool-seq", "seq-0", "prev", "login", "control",
        "extra-field", "wrong-key", "second-event", "criterion",
    ],
)  # fmt: skip
def test_a_line_that_is_not_an_event_says_why(line: str, message: str, column: int) -> None:
    with pytest.raises(LineError) as raised:
        decode(line)
    assert message in raised.value.message
    if column:
        assert raised.value.column == column
    else:  # placed on the field that is wrong
        assert raised.value.column > 1


def test_fields_that_go_together() -> None:
    wrong: list[Any] = [
        assigned(via="command"),  # no chair, no comment
        assigned(by="amir-cohen"),  # rung assigns without a chair
        replace(changed(verdict(), "x", change="deleted"), body_sha256="e" * 64),
    ]
    for event in wrong:
        with pytest.raises(ValueError, match=r"by|deleted"):
            encode(Entry(1, ZEROS, AT, event))
    encode(Entry(1, ZEROS, AT, by_command("carol")))


def test_rung_never_writes_a_line_it_could_not_read_back() -> None:
    with pytest.raises(LineError, match="U\\+0007"):
        encode(Entry(1, ZEROS, AT, verdict(reason="bell\x07")))


def test_a_verdict_is_the_same_when_its_comment_and_body_are() -> None:
    first = verdict()
    assert identity(first) == identity(verdict(updated_at="2026-07-09T00:00:00Z"))
    assert identity(first) != identity(verdict(body="/meets Clear HLD (edited)."))
    assert identity(first) != identity(verdict(comment_id=1002))
    assert identity(assigned()) != identity(assigned("carol"))


def test_body_hash_is_of_the_body_as_github_returns_it() -> None:
    assert body_sha256(None) == body_sha256("")
    assert body_sha256("/meets ok\r\n") != body_sha256("/meets ok\n")
    assert body_sha256("é") == hashlib.sha256(b"\xc3\xa9").hexdigest()
