"""The pure decisions of ``rung pr locate``, on anything a record or an event could hold."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rung.steps.locate import (
    MAX_NUMBER,
    RECORD_LIMIT,
    Found,
    PullHead,
    Run,
    Stop,
    choose_number,
    decide,
    packet_files,
    read_run,
    record_number,
    trusted_pull,
)
from rung.steps.runner import command, output_text

SHA = "a" * 40
RUN = Run(SHA, "pull_request", ())
OPEN = PullHead(SHA, "open", draft=False)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)


@given(st.binary(max_size=RECORD_LIMIT + 8))
def test_any_bytes_give_a_number_in_range_or_a_stop(data: bytes) -> None:
    number = record_number(data)
    assert isinstance(number, Stop) or 1 <= number <= MAX_NUMBER


@given(json_values)
def test_any_json_gives_a_number_only_for_an_object_with_an_integer_number(value: Any) -> None:
    number = record_number(json.dumps(value).encode())
    number_field = value.get("number") if isinstance(value, dict) else None
    if type(number_field) is int and 1 <= number_field <= MAX_NUMBER:
        assert number == number_field
    else:
        assert isinstance(number, Stop)


@given(json_values)
def test_any_event_gives_a_run_or_a_stop(value: Any) -> None:
    run = read_run(value)
    assert isinstance(run, Stop) or len(run.head_sha) == 40


def test_only_this_repositorys_pull_requests_are_taken_from_the_event() -> None:
    def entry(number: object, repo_id: object) -> dict[str, Any]:
        return {"number": number, "base": {"repo": {"id": repo_id}}}

    event = {
        "repository": {"id": 5},
        "workflow_run": {
            "head_sha": SHA,
            "event": "pull_request_review",
            "pull_requests": [
                entry(1, 6), entry("2", 5), entry(True, 5), entry(3, True), "4", entry(7, 5),
                entry(8, 5),
            ],
        },
    }  # fmt: skip
    assert read_run(event) == Run(SHA, "pull_request_review", (7, 8))
    assert choose_number(Run(SHA, "x", (7, 8)), b"[1, 2]") == 7  # the record is not read
    event["repository"] = {"id": True}
    assert read_run(event) == Run(SHA, "pull_request_review", ())


def test_the_record_is_asked_only_when_the_event_names_none() -> None:
    assert choose_number(RUN, None) == Stop("no pull request to review for this run")
    assert choose_number(RUN, b'{"number": 12, "head_sha": "whatever"}') == 12


def test_a_record_at_the_limit_is_read_and_one_byte_more_is_not() -> None:
    record = b'{"number": 12}'
    assert record_number(record + b" " * (RECORD_LIMIT - len(record))) == 12
    assert isinstance(record_number(record + b" " * (RECORD_LIMIT + 1 - len(record))), Stop)


@pytest.mark.parametrize(
    ("pull", "trusted"),
    [
        (OPEN, True),
        (PullHead("b" * 40, "open", False), False),
        (PullHead(SHA, "closed", False), False),
        (None, False),
    ],
)
def test_a_pull_request_is_trusted_only_open_at_the_runs_commit(
    pull: PullHead | None, trusted: bool
) -> None:
    assert (trusted_pull(7, RUN, pull) == pull) is trusted


def test_packet_files_skip_readmes_removed_files_and_other_depths() -> None:
    files = [
        ("packets/2026-H2/a.md", "added"),
        ("packets/2026-H2/ReadMe.md", "added"),
        ("packets/2026-H2/b.md", "removed"),
        ("packets/c.md", "added"),
        ("packets/2026-H2/x/d.md", "added"),
        ("packets/2026-H2/e.yaml", "added"),
        ("packets/2026-H2/f.md", "renamed"),
    ]
    assert packet_files(files) == ["packets/2026-H2/a.md", "packets/2026-H2/f.md"]


def test_a_push_is_the_runs_pull_request_event() -> None:
    found = decide(7, Run(SHA, "pull_request", ()), PullHead(SHA, "open", True), [("packets/c/a.md", "added")])  # fmt: skip
    assert found == Found(7, "packets/c/a.md", SHA, draft=True, push=True)
    assert found.outputs() == {
        "count": "1", "number": "7", "packet": "packets/c/a.md", "head_sha": SHA,
        "draft": "true", "push": "true",
    }  # fmt: skip
    review = decide(7, Run(SHA, "pull_request_review", ()), OPEN, [("packets/c/a.md", "added")])
    assert isinstance(review, Found) and review.outputs()["push"] == "false"


@pytest.mark.parametrize("value", ["a\nb", "a\rb", "a=b", "a<<EOF", "é", "a%0Ab", "a\tb"])
def test_an_output_that_could_forge_a_line_is_refused(value: str) -> None:
    with pytest.raises(ValueError, match="refusing to write output"):
        output_text({"packet": value})


def test_a_notice_cannot_start_another_command() -> None:
    assert command("notice", "packet-review", "50% done\r\n::error::forged") == (
        "::notice title=packet-review::50%25 done%0D%0A::error::forged\n"
    )
