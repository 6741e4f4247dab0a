"""``rung pr locate`` end to end: GitHub's workflow_run payload, PyGithub against the fake.

Every way to stop ends with exit 0, one notice and ``count=0``; a hostile
record never reaches GitHub and never produces a traceback.
"""

from __future__ import annotations

import json
import os
import sys

import pytest

from steps.conftest import PACKET, Locate

NOTICE = "::notice title=packet-review::"
FOUND = "pull request #{n} at {sha}: {packet} (draft: {draft}, after a push: {push})\n"


def outputs(**values: object) -> str:
    return "".join(f"{name}={value}\n" for name, value in values.items())


def paths(locate: Locate) -> list[str]:
    return [c.path for c in locate.github.requests]


# --- found -------------------------------------------------------------------------------


def test_the_event_names_a_pull_request_of_this_repository(locate: Locate) -> None:
    number = locate.same_repository()
    locate.add_pull(number, {PACKET: "added"})
    locate.write_record("[1, 2]")  # the event's pull request wins: the record is not read

    code, out, written = locate.run()

    sha = locate.head_sha
    assert code == 0
    assert out == FOUND.format(n=number, sha=sha[:12], packet=PACKET, draft="false", push="true")
    assert written == outputs(
        count=1, number=number, packet=PACKET, head_sha=sha, draft="false", push="true"
    )
    base = "/repos/octo-org/octo-repo"
    assert paths(locate) == [f"{base}/pulls/{number}", f"{base}/pulls/{number}/files"]


def test_a_fork_pull_request_is_found_through_the_record(locate: Locate) -> None:
    """GitHub's example names only another repository's pull request, as for a fork."""
    assert locate.entry["base"]["repo"]["id"] != locate.event["repository"]["id"]
    locate.event["workflow_run"]["event"] = "pull_request_review_comment"
    locate.add_pull(31, {PACKET: "modified"}, state="open")
    locate.github.pulls[31].draft = True
    locate.write_record(json.dumps({"number": 31, "head_sha": locate.head_sha}))

    code, out, written = locate.run()

    sha = locate.head_sha
    assert (code, out) == (
        0,
        FOUND.format(n=31, sha=sha[:12], packet=PACKET, draft="true", push="false"),
    )
    assert written == outputs(
        count=1, number=31, packet=PACKET, head_sha=sha, draft="true", push="false"
    )


def test_a_renamed_repository_is_followed(locate: Locate) -> None:
    number = locate.same_repository()
    locate.add_pull(number, {PACKET: "added"})
    locate.github.rename("octo-repo-2")  # GITHUB_REPOSITORY still has the old name

    code, _, written = locate.run(quiet=False)  # PyGithub logs the redirect

    assert (code, written.splitlines()[:3]) == (
        0,
        ["count=1", f"number={number}", f"packet={PACKET}"],
    )
    assert paths(locate)[-1] == f"/repos/octo-org/octo-repo-2/pulls/{number}/files"


# --- the pull request is not the run's -------------------------------------------------


def test_a_record_naming_a_pull_request_whose_head_moved_stops(locate: Locate) -> None:
    locate.add_pull(31, {PACKET: "added"})
    locate.github.push(31, {PACKET: "---\n"})  # its head is no longer the run's commit
    locate.write_record(json.dumps({"number": 31, "head_sha": locate.head_sha}))

    code, out, written = locate.run()

    assert (code, written) == (0, outputs(count=0))
    assert out == NOTICE + "pull request #31 has moved on or is closed; nothing to do\n"
    assert paths(locate) == ["/repos/octo-org/octo-repo/pulls/31"]  # never its files


def test_a_closed_pull_request_stops(locate: Locate) -> None:
    number = locate.same_repository()
    locate.add_pull(number, {PACKET: "added"}, state="closed")

    code, out, written = locate.run()

    assert (code, written) == (0, outputs(count=0))
    assert out == NOTICE + f"pull request #{number} has moved on or is closed; nothing to do\n"


def test_a_record_naming_no_pull_request_of_this_repository_stops(locate: Locate) -> None:
    """Another repository's number (its pull request #2 is not one here)."""
    locate.write_record(json.dumps({"number": locate.entry["number"]}))

    code, out, written = locate.run()

    assert (code, written) == (0, outputs(count=0))
    assert out == NOTICE + (
        f"pull request #{locate.entry['number']} does not exist in this repository; "
        "no pull request to review for this run\n"
    )


def test_a_fork_run_without_a_record_stops_without_calling_github(locate: Locate) -> None:
    code, out, written = locate.run()

    assert (code, out, written) == (
        0,
        NOTICE + "no pull request to review for this run\n",
        outputs(count=0),
    )
    assert locate.github.requests == []


def test_a_run_that_names_no_commit_stops(locate: Locate) -> None:
    locate.event["workflow_run"]["head_sha"] = "main\n::error::forged"

    code, out, written = locate.run()

    assert (code, out, written) == (0, NOTICE + "the run names no commit\n", outputs(count=0))


# --- hostile records ---------------------------------------------------------------------

NOT_A_NUMBER = (
    "the pull-request record's number is not a whole number from 1 to 2,147,483,647; "
    "no pull request to review for this run"
)
NOT_AN_OBJECT = (
    "the pull-request record is not a JSON object; no pull request to review for this run"
)
HOSTILE = {
    "a list": (b"[1, 2]", NOT_AN_OBJECT),
    "a bare number": (b"31", NOT_AN_OBJECT),
    "not JSON": (b"number=31", NOT_AN_OBJECT),
    "not UTF-8": (b'{"number": 31, "x": "\xff"}', NOT_AN_OBJECT),
    "NaN": (b'{"number": NaN}', NOT_A_NUMBER),
    "a repeated key": (b'{"number": 99, "number": 31}', NOT_AN_OBJECT),
    "deep nesting": (b"[" * 4000, NOT_AN_OBJECT),
    "a string": (b'{"number": "31"}', NOT_A_NUMBER),
    "a float": (b'{"number": 31.0}', NOT_A_NUMBER),
    "a bool": (b'{"number": true}', NOT_A_NUMBER),
    "negative": (b'{"number": -31}', NOT_A_NUMBER),
    "zero": (b'{"number": 0}', NOT_A_NUMBER),
    "huge": (b'{"number": 1' + b"0" * 40 + b"}", NOT_A_NUMBER),
    "beyond 32 bits": (b'{"number": 2147483648}', NOT_A_NUMBER),
    "infinite": (b'{"number": 1e999}', NOT_A_NUMBER),
    "null": (b'{"number": null}', NOT_A_NUMBER),
    "missing": (b'{"head_sha": "x"}', NOT_A_NUMBER),
    "nested": (b'{"number": {"number": 31}}', NOT_A_NUMBER),
    # A valid record padded to 8 MB: refused by its size, read no further.
    "many megabytes": (
        b'{"number": 31}' + b" " * (8 << 20),
        "the pull-request record is over 4,096 bytes; no pull request to review for this run",
    ),
}


@pytest.mark.parametrize(("data", "message"), HOSTILE.values(), ids=HOSTILE.keys())
def test_a_hostile_record_stops_with_a_notice(locate: Locate, data: bytes, message: str) -> None:
    locate.add_pull(31, {PACKET: "added"})  # what the record would like to name

    locate.write_record(data)

    code, out, written = locate.run()

    assert (code, out, written) == (0, NOTICE + message + "\n", outputs(count=0))
    assert locate.github.requests == []


def test_a_record_that_is_a_link_is_not_followed(locate: Locate) -> None:
    locate.add_pull(31, {PACKET: "added"})
    target = locate.tmp / "elsewhere.json"
    target.write_text('{"number": 31}', encoding="utf-8")
    locate.record.parent.mkdir()
    os.symlink(target, locate.record)

    code, out, written = locate.run()

    assert (code, written) == (0, outputs(count=0))
    assert out == NOTICE + (
        "the pull-request record is not a regular file; no pull request to review for this run\n"
    )


def test_a_record_that_is_a_folder_stops(locate: Locate) -> None:
    locate.record.mkdir(parents=True)

    code, out, _ = locate.run()

    assert (code, out) == (0, NOTICE + (
        "the pull-request record is not a regular file; no pull request to review for this run\n"
    ))  # fmt: skip


def test_an_event_entry_with_a_number_that_is_not_one_is_ignored(locate: Locate) -> None:
    locate.same_repository()
    locate.entry["number"] = "31"  # not GitHub's shape: the record decides instead
    locate.add_pull(31, {PACKET: "added"})
    locate.write_record('{"number": 31}')

    code, _, written = locate.run()

    assert (code, written.splitlines()[:2]) == (0, ["count=1", "number=31"])


# --- which files are the packet ----------------------------------------------------------


@pytest.mark.parametrize(
    ("files", "count"),
    [
        ({"ladders/acme.yaml": "modified"}, 0),
        ({PACKET: "added", "packets/2026-H2/ido-peretz.md": "added"}, 2),
        ({PACKET: "removed"}, 0),
        ({"packets/2026-H2/README.md": "added", "packets/2026-H2/readme.MD": "added"}, 0),
    ],
    ids=["none", "two", "removed", "readme"],
)
def test_not_exactly_one_packet_stops(locate: Locate, files: dict[str, str], count: int) -> None:
    number = locate.same_repository()
    locate.add_pull(number, files)

    code, out, written = locate.run()

    assert (code, written) == (0, outputs(count=0, number=number))
    assert out == NOTICE + (
        f"pull request #{number} changes {count} packets; "
        "rung routes a pull request that changes exactly one\n"
    )


def test_a_readme_and_a_removed_packet_are_not_the_packet(locate: Locate) -> None:
    number = locate.same_repository()
    locate.add_pull(
        number,
        {
            "packets/2026-H2/README.md": "modified",
            "packets/2026-H1/dana-levi.md": "removed",
            PACKET: "renamed",
            "packets/2026-H2/notes/dana.md": "added",  # three folders down: not a packet
        },
    )

    code, _, written = locate.run()

    assert (code, written.splitlines()[:3]) == (
        0,
        ["count=1", f"number={number}", f"packet={PACKET}"],
    )


def test_the_packet_is_found_on_the_third_page_of_files(locate: Locate) -> None:
    number = locate.same_repository()
    files = {f"docs/note-{i:03}.md": "added" for i in range(240)}
    files[PACKET] = "added"  # the 241st file: page 3 of 100
    locate.add_pull(number, files)

    code, _, written = locate.run()

    assert (code, written.splitlines()[:3]) == (
        0,
        ["count=1", f"number={number}", f"packet={PACKET}"],
    )
    pages = [c for c in locate.github.requests if c.path.endswith("/files")]
    assert [c.status for c in pages] == [200, 200, 200]
    assert pages[0].query == {"per_page": "100"}


FORGING = [
    "packets/2026-H2/dana levi.md",
    "packets/2026-H2/dana\ncount=1\npacket=dana.md",
    "packets/2026-H2/dána-leví.md",
    "packets/../dana-levi.md",
    "packets/2026-H2/.dana.md",
    "packets/2026-H2/dana$(id).md",
    "packets/2026-H2/dana%0Acount=1.md",
]


@pytest.mark.parametrize("name", FORGING)
def test_a_packet_name_outside_the_allowed_characters_is_never_written(
    locate: Locate, name: str
) -> None:
    number = locate.same_repository()
    locate.add_pull(number, {name: "added"})

    code, out, written = locate.run()

    assert (code, written) == (0, outputs(count=0, number=number))
    assert out == NOTICE + (
        f"pull request #{number} changes a packet whose file name holds characters other than "
        "A-Z, a-z, 0-9, '.', '_' and '-' (or starts with '.'); rename it to route it\n"
    )


# --- GitHub fails ------------------------------------------------------------------------


def test_github_failing_is_an_error_and_count_zero(locate: Locate) -> None:
    number = locate.same_repository()
    locate.add_pull(number, {PACKET: "added"})
    locate.github.server_error("GET", f"/repos/octo-org/octo-repo/pulls/{number}/files", times=9)

    code, out, written = locate.run()

    assert (code, written) == (1, outputs(count=0))
    assert out == (
        f"::error title=packet-review::listing the files of #{number}: "
        "GitHub answered 502 Server Error\n"
    )


def test_a_refused_token_is_a_configuration_error_and_count_zero(
    locate: Locate, monkeypatch: pytest.MonkeyPatch
) -> None:
    number = locate.same_repository()
    monkeypatch.setenv("GITHUB_TOKEN", "wrong")

    code, out, written = locate.run()

    assert (code, written) == (2, outputs(count=0))
    assert out == (
        "::error title=packet-review::GitHub refused the token (401 Bad credentials); "
        "check GITHUB_TOKEN\n"
    )
    assert paths(locate) == [f"/repos/octo-org/octo-repo/pulls/{number}"]


def test_without_the_github_extra_it_says_which_to_install(
    locate: Locate, monkeypatch: pytest.MonkeyPatch
) -> None:
    locate.same_repository()
    monkeypatch.setitem(sys.modules, "github", None)  # how Python spells "cannot be imported"

    code, out, written = locate.run()

    assert (code, written) == (2, outputs(count=0))
    assert out == (
        "::error title=packet-review::`rung pr locate` needs the 'github' extra (github not "
        "installed); install it with: pip install '.[github]' in a clone of rung's repository "
        "(or its wheel, 'rung-…-py3-none-any.whl[github]'); rung is not on a package index "
        "(README, Install)\n"
    )
    assert locate.github.requests == []
