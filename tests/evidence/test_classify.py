"""Evidence classification, mark by mark (docs/evidence.md, "Marks"): which part of the
work is the candidate's (logins ignore case), the date that places it, the period's
bounds, and the JSON and marks built from the verdicts."""

from __future__ import annotations

import pytest

from evidence.test_evidence import packet_text
from rung.evidence.classify import classify, classify_other, period_of
from rung.evidence.marks import (
    cited_links,
    evaluate,
    hosts_for,
    marks_for_packet,
    report_json,
)
from rung.evidence.model import ERROR, NO_ACCESS, NOT_FOUND, Check, Missing, Work
from rung.model.githublink import GITHUB_HOSTS, GitHubLink, parse
from rung.model.packet import Packet, parse_packet

PERIOD = period_of("2025-01", "2026-H2")  # 2025-01-01 up to (not including) 2026-07-01
PULL = "https://github.com/acme/shop/pull/7"


def ref(link: str = PULL) -> GitHubLink:
    found = parse(link)
    assert isinstance(found, GitHubLink)
    return found


def judge(work: Work, candidate: str = "dana-levi") -> Check:
    return classify(PULL, ref(), work, candidate, PERIOD)


def pull(author: str | None = "bo-chen", **facts: str) -> Work:
    return Work("pull", PULL, author, facts.pop("state", "merged"), "2026-01-05T09:00:00Z", **facts)  # type: ignore[arg-type]


# --- who: authored, co-authored, reviewed, merged (in that order), logins ignoring case ---


def test_the_author_is_the_candidate_whatever_the_case() -> None:
    check = judge(pull("Dana-Levi", merged="2026-03-02T10:00:00Z"))
    assert (check.status, check.relation) == ("verified", "authored")
    assert check.mark == "✓ authored by @Dana-Levi, merged 2026-03-02"  # GitHub's spelling


def test_a_co_author_is_named_as_github_spells_the_login() -> None:
    commit = Work("commit", "u", "bo-chen", "committed", "2026-04-01T00:00:00Z")
    commit = Work(**{**commit.to_json(), "coauthors": ("Dana-Levi",)})
    check = classify(PULL, ref(), commit, "dana-levi", PERIOD)
    assert check.relation == "co-authored"
    assert check.mark == "✓ co-authored by @Dana-Levi, committed 2026-04-01 (authored by @bo-chen)"


def test_merged_by_the_candidate() -> None:
    work = pull(merged="2026-03-02T10:00:00Z", merged_by="Dana-Levi")
    check = judge(work)
    assert (check.status, check.relation, check.date, check.period) == (
        "verified",
        "merged",
        "2026-03-02",
        "in",
    )
    assert check.mark == "✓ merged by @Dana-Levi 2026-03-02 (authored by @bo-chen)"
    assert judge(work, "DANA-LEVI").relation == "merged"
    other = judge(pull(merged="2026-03-02T10:00:00Z", merged_by="noa"))
    assert (other.status, other.relation, other.mark) == (
        "warning",
        "none",
        "⚠ authored by @bo-chen",
    )
    assert other.notes == ("not the candidate's work",)


def test_a_review_is_preferred_to_the_merge_and_dated_by_the_review() -> None:
    # Reviewed in the period, merged after it: the review is the candidate's part.
    work = pull(
        merged="2026-08-02T10:00:00Z",
        merged_by="dana-levi",
        reviewed="2026-02-10T08:00:00Z",
        candidate="Dana-Levi",
    )
    check = judge(work)
    assert (check.status, check.relation, check.date, check.period) == (
        "verified",
        "reviewed",
        "2026-02-10",
        "in",
    )
    assert check.mark == "✓ reviewed by @dana-levi 2026-02-10 (authored by @bo-chen)"


def test_a_review_read_for_someone_else_is_not_the_candidates() -> None:
    work = pull(merged="2026-03-02T10:00:00Z", reviewed="2026-02-10T08:00:00Z", candidate="noa")
    assert judge(work).relation == "none"


def test_a_reviewed_pull_request_closed_unmerged_says_so() -> None:
    work = pull(
        state="closed",
        closed="2026-03-01T00:00:00Z",
        reviewed="2026-02-10T08:00:00Z",
        candidate="dana-levi",
    )
    check = judge(work)
    assert check.status == "warning"
    assert check.notes == ("closed unmerged",)
    assert check.mark == (
        "⚠ reviewed by @dana-levi 2026-02-10 (authored by @bo-chen), closed unmerged 2026-03-01"
    )


def test_an_authored_pull_request_closed_unmerged_is_dated_by_the_closing() -> None:
    check = judge(pull("dana-levi", state="closed", closed="2026-02-01T00:00:00Z"))
    assert (check.status, check.date) == ("warning", "2026-02-01")
    assert check.mark == "⚠ authored by @dana-levi, closed unmerged 2026-02-01"


def test_an_open_pull_request_is_dated_by_its_opening() -> None:
    check = judge(pull("dana-levi", state="open"))
    assert (check.status, check.mark) == ("verified", "✓ authored by @dana-levi, opened 2026-01-05")


# --- when: issues, releases, the period's bounds --------------------------------------------


def test_a_closed_issue_is_dated_by_its_closing() -> None:
    issue = Work("issue", "u", "dana-levi", "closed", "2026-03-01T00:00:00Z", closed="2026-07-03")
    check = classify(PULL, ref(), issue, "dana-levi", PERIOD)
    assert (check.status, check.date, check.period) == ("warning", "2026-07-03", "after")
    assert check.mark == (
        "⚠ authored by @dana-levi, closed 2026-07-03, after the period (2025-01-01 to 2026-07-01)"
    )


def test_releases_published_and_draft() -> None:
    published = Work("release", "u", "dana-levi", "published", "2026-04-01T00:00:00Z")
    check = classify(PULL, ref(), published, "dana-levi", PERIOD)
    assert (check.status, check.mark) == (
        "verified",
        "✓ authored by @dana-levi, published 2026-04-01",
    )
    draft = Work("release", "u", "dana-levi", "draft", "2026-04-01T00:00:00Z")
    check = classify(PULL, ref(), draft, "dana-levi", PERIOD)
    assert (check.status, check.notes) == ("warning", ("a draft release",))
    assert check.mark == "⚠ authored by @dana-levi, drafted 2026-04-01"  # never "published"


@pytest.mark.parametrize(
    ("day", "place"),
    [
        ("2024-12-31", "before"),
        ("2025-01-01", "in"),  # the first day of in_level_since is in
        ("2026-06-30", "in"),
        ("2026-07-01", "after"),  # the cycle's date is not: the period ends before it
    ],
)
def test_the_periods_bounds(day: str, place: str) -> None:
    check = judge(pull("dana-levi", merged=f"{day}T12:00:00Z"))
    assert (check.period, check.status) == (place, "verified" if place == "in" else "warning")


# --- answers without the work, and links rung does not read --------------------------------


@pytest.mark.parametrize(
    ("status", "mark"),
    [
        (NOT_FOUND, "⚠ not found: acme/shop has no pull request 7"),
        (NO_ACCESS, "not checked: acme/shop has no pull request 7"),
        (ERROR, "not checked: acme/shop has no pull request 7"),
    ],
)
def test_an_answer_without_the_work(status: str, mark: str) -> None:
    check = judge(Missing(status, "acme/shop has no pull request 7"))  # type: ignore[arg-type]
    assert (check.status, check.mark, check.kind) == (status, mark, "pull")


def test_links_rung_does_not_read_say_why() -> None:
    comment = f"{PULL}#issuecomment-5"
    assert classify_other(comment, parse(comment), "github.com").mark == (
        "not checked: a link to one comment"
    )
    page = "HTTPS://GitHub.com/acme/shop/blob/main/README.md"
    assert classify_other(page, parse(page), "github.com").mark == (
        "not checked: not a pull request, issue, commit, discussion or release"
    )
    jira = "https://acme.atlassian.net/browse/PAY-1"
    assert classify_other(jira, parse(jira), "github.com").mark == "not checked"


# --- marks and JSON -------------------------------------------------------------------------


def test_hosts() -> None:
    assert hosts_for("GitHub.com") == GITHUB_HOSTS
    assert hosts_for("GHE.Acme.example") == frozenset({"ghe.acme.example"})


def _packet(links: dict[str, list[str]]) -> Packet:
    packet, problems = parse_packet(packet_text(links), "packets/2026-H2/dana-levi.md")
    assert packet is not None, problems
    return packet


def test_every_link_gets_its_verdict_source_and_json_fields() -> None:
    comment = f"{PULL}#issuecomment-5"
    other = "https://github.com/acme/shop/pull/8"
    packet = _packet({"Led it.": [PULL, comment, other], "Also.": [PULL]})
    cited = cited_links(packet)
    assert [c.ref is not None for c in cited] == [True, False, True, True]  # a comment: no ref
    merged = pull("dana-levi", merged="2026-03-02T10:00:00Z")
    answers = {ref().key: (merged, "cache")}  # pull/8 went unanswered
    checks = evaluate(packet, cited, answers, "github.com")
    assert [(c.check.status, c.check.source) for c in checks] == [
        ("verified", "cache"),
        ("not-checked", ""),
        ("not-checked", ""),
        ("verified", "cache"),
    ]
    doc = report_json(packet, checks, {"requests": 0}, "github.com")
    assert doc["period"] == {"from": "2025-01-01", "until": "2026-07-01"}
    assert doc["summary"]["verified"] == 2 and doc["summary"]["not-checked"] == 2
    first, second = doc["links"][:2]
    assert (first["relation"], first["period"], first["source"], first["item"]) == (
        "authored",
        "in",
        "cache",
        0,
    )
    # Fields that do not apply are null.
    assert [second[k] for k in ("relation", "state", "date", "period", "source", "kind")] == [
        None
    ] * 6
    assert doc["links"][3]["item"] == 1


def test_marks_from_a_json_document_go_to_their_claim_and_bad_entries_are_skipped() -> None:
    packet = _packet({"Led it.": [PULL], "Also.": [PULL]})
    doc = {
        "packet": packet.path,
        "links": [
            {"criterion": "ic3.craft.leads", "item": 1, "mark": "✓ second"},
            {"criterion": "ic3.craft.leads", "item": 0},  # no mark
            {"criterion": "ic3.craft.leads", "item": 0, "mark": ["not", "text"]},
            "not an object",
        ],
    }
    assert marks_for_packet(packet, doc) == {
        ("ic3.craft.leads", 0): ["not checked"],
        ("ic3.craft.leads", 1): ["✓ second"],
    }
