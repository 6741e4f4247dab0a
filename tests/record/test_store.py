"""The record on its ref, through the Git Data API of the fake GitHub (a real bare repository)."""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Iterator

import pytest

from fakegithub import FakeGitHub
from recordmaker import AT, RECORD, assigned, record_text, requested, verdict
from rung.github.client import GitHubClient
from rung.github.context import GitHubContext, GitHubError, RetrySettings
from rung.github.record import AppendOutcome, RecordStore, record_ref
from rung.problems import FatalError
from rung.record.chain import RecordBroken, read_chain, verify_chain

REF = "rung-record"
GIT = "/repos/acme/promotions/git"


@pytest.fixture
def gh() -> Iterator[FakeGitHub]:
    with FakeGitHub() as fake:
        yield fake


def store(
    gh: FakeGitHub, *, attempts: int = 10, retries: int = 4, jitter: float = 0, seed: int = 0
) -> RecordStore:
    settings = RetrySettings(attempts=retries, backoff=jitter, max_wait=1, throttle=0)
    sleep = time.sleep if jitter else (lambda _: None)
    client = GitHubClient(GitHubContext.from_env(gh.env()), settings, sleep=sleep)
    rng = random.Random(seed)
    return RecordStore(client, REF, attempts=attempts, clock=lambda: AT, rng=rng)


def recorded(gh: FakeGitHub, path: str = RECORD) -> str:
    data = gh.file_at(REF, path)
    assert data is not None
    return data.decode("utf-8")


def test_the_first_append_makes_the_ref_and_the_file(gh: FakeGitHub) -> None:
    outcome = store(gh).append(RECORD, [assigned(), requested()])
    assert outcome.attempts == 1 and outcome.skipped == 0
    assert recorded(gh) == record_text([assigned(), requested()])
    assert gh.ref_sha(REF) == outcome.commit
    assert [(m, p) for m, p, _ in gh.writes()] == [
        ("POST", f"{GIT}/blobs"),
        ("POST", f"{GIT}/trees"),
        ("POST", f"{GIT}/commits"),
        ("POST", f"{GIT}/refs"),
    ]
    assert gh.git("fsck", "--strict").returncode == 0


def test_appending_keeps_the_other_files_and_history(gh: FakeGitHub) -> None:
    other = "records/2026-H2/maya.jsonl"
    store(gh).append(other, [assigned(packet="packets/2026-H2/maya.md")])
    first = gh.ref_sha(REF)
    outcome = store(gh).append(RECORD, [assigned()])
    assert recorded(gh, other).count("\n") == 1
    assert recorded(gh) == record_text([assigned()])
    parents = gh.git("rev-list", "--parents", "-n1", str(outcome.commit)).stdout.decode().split()
    assert parents[1:] == [first]
    [patch] = gh.calls("PATCH", f"{GIT}/refs/heads/{REF}")
    assert patch.body == {"sha": outcome.commit, "force": False}
    message = gh.git("log", "-1", "--format=%s", REF).stdout.decode().strip()
    assert message == f"rung record: {RECORD} line 1"


def test_an_event_already_recorded_is_not_appended_again(gh: FakeGitHub) -> None:
    store(gh).append(RECORD, [assigned(), verdict()])
    before = len(gh.writes())
    again = store(gh).append(RECORD, [verdict(updated_at="2026-07-03T00:00:00Z"), assigned()])
    assert again == AppendOutcome((), 2, gh.ref_sha(REF), 1)
    assert len(gh.writes()) == before
    assert recorded(gh).count("\n") == 2


def test_the_ref_moved_by_another_run_is_re_read_and_re_chained(gh: FakeGitHub) -> None:
    mine, theirs = store(gh), store(gh)
    mine.append(RECORD, [assigned()])
    real_commit = mine._commit

    def race(*args: object) -> str:
        theirs.append(RECORD, [requested("zed")])  # gets in between our read and our move
        mine._commit = real_commit  # type: ignore[method-assign]
        return real_commit(*args)  # type: ignore[arg-type]

    mine._commit = race  # type: ignore[method-assign,assignment]
    outcome = mine.append(RECORD, [verdict()])
    assert outcome.attempts == 2
    [refused, _] = gh.calls("PATCH", f"{GIT}/refs/heads/{REF}")[-2:]
    assert (refused.status, refused.response["message"]) == (422, "Update is not a fast forward")
    text = recorded(gh)
    assert text == record_text([assigned(), requested("zed"), verdict()])
    assert verify_chain(text, RECORD) == []


def test_a_502_after_github_moved_the_ref_duplicates_nothing(gh: FakeGitHub) -> None:
    store(gh).append(RECORD, [assigned()])
    gh.fail("PATCH", f"{GIT}/refs/heads/{REF}", 502, after=True)
    outcome = store(gh, retries=1).append(RECORD, [verdict()])
    assert (outcome.appended, outcome.skipped, outcome.attempts) == ((), 1, 2)
    assert recorded(gh) == record_text([assigned(), verdict()])


def test_nothing_is_appended_to_a_broken_record(gh: FakeGitHub) -> None:
    store(gh).append(RECORD, [assigned(), requested(), verdict()])
    lines = recorded(gh).splitlines()
    gh.force_file(REF, RECORD, "\n".join([lines[0], lines[2], ""]).encode())
    head = gh.ref_sha(REF)
    with pytest.raises(RecordBroken) as raised:
        store(gh).append(RECORD, [requested("zed")])
    assert "1 line(s) were removed" in raised.value.problems[0].message
    assert gh.ref_sha(REF) == head


def test_a_ref_that_keeps_moving_is_an_error_not_a_loss(gh: FakeGitHub) -> None:
    store(gh).append(RECORD, [assigned()])
    gh.fail("PATCH", f"{GIT}/refs/heads/{REF}", 422, times=3)
    with pytest.raises(GitHubError, match=r"3 rounds without success .* nothing was lost"):
        store(gh, attempts=3).append(RECORD, [verdict()])
    assert store(gh).append(RECORD, [verdict()]).attempts == 1


def test_a_tree_github_cannot_serve_yet_is_read_again_never_written_anew(
    gh: FakeGitHub,
) -> None:
    store(gh).append(RECORD, [assigned(), requested()])
    records = gh.git("rev-parse", f"{REF}:records").stdout.decode().strip()
    gh.fail("GET", f"{GIT}/trees/{records}", 404, times=2)
    outcome = store(gh).append(RECORD, [verdict()])
    assert outcome.attempts == 3
    assert recorded(gh) == record_text([assigned(), requested(), verdict()])
    records = gh.git("rev-parse", f"{REF}:records").stdout.decode().strip()
    gh.fail("GET", f"{GIT}/trees/{records}", 404)
    with pytest.raises(GitHubError, match="404"):
        store(gh).read(RECORD)


def test_the_ref_is_configurable_and_checked() -> None:
    assert record_ref({}) == "rung-record"
    assert record_ref({"RUNG_RECORD_REF": "audit/record"}) == "audit/record"
    for bad in ("a..b", "-x", "x.lock", "x/", "a b", "refs//x"):
        with pytest.raises(FatalError, match="RUNG_RECORD_REF"):
            record_ref({"RUNG_RECORD_REF": bad})


def test_bytes_that_are_not_utf8_are_a_finding(gh: FakeGitHub) -> None:
    store(gh).append(RECORD, [assigned()])
    gh.force_file(REF, RECORD, b"\xff\xfe\n")
    entries, problems = store(gh).read(RECORD).chain()
    assert entries == [] and "byte 0 is not UTF-8" in problems[0].message


APPENDERS, EVENTS = 8, 5


def test_parallel_appends_lose_nothing(gh: FakeGitHub) -> None:
    """8 runs append 5 events each, one at a time, all at once.  Each refusal means
    another append got in, so (APPENDERS - 1) * EVENTS + 1 rounds always suffice,
    however the threads are scheduled; the jittered wait between rounds (as in
    production, shorter) only makes refusals rarer."""
    outcomes: list[AppendOutcome] = []
    errors: list[BaseException] = []
    start = threading.Barrier(APPENDERS)

    def run(worker: int) -> None:
        mine = store(gh, attempts=(APPENDERS - 1) * EVENTS + 1, jitter=0.02, seed=worker)
        start.wait()
        try:
            for n in range(EVENTS):
                outcomes.append(mine.append(RECORD, [requested(f"w{worker}-e{n}")]))
        except BaseException as err:  # reported below, with the thread's name
            errors.append(err)

    began = time.perf_counter()
    threads = [threading.Thread(target=run, args=(w,)) for w in range(APPENDERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    assert errors == []
    text = recorded(gh)
    entries, problems = read_chain(text, RECORD)
    assert problems == []
    logins = sorted(e.event.login for _, e in entries)  # type: ignore[union-attr]
    assert logins == sorted(f"w{w}-e{n}" for w in range(APPENDERS) for n in range(EVENTS))
    assert [e.seq for _, e in entries] == list(range(1, APPENDERS * EVENTS + 1))
    commits = gh.git("rev-list", "--count", REF).stdout.decode().strip()
    assert commits == str(APPENDERS * EVENTS)
    refused = [c for c in gh.requests if c.method in ("PATCH", "POST") and c.status == 422]
    assert len(refused) == sum(o.attempts - 1 for o in outcomes)
    print(  # the figure docs/security.md quotes (pytest -s shows it)
        f"\n{APPENDERS} appenders x {EVENTS} events: {len(entries)} recorded, chain intact, "
        f"{len(refused)} refused moves re-chained, at most {max(o.attempts for o in outcomes)} "
        f"rounds for one append, {elapsed:.1f} s"
    )
