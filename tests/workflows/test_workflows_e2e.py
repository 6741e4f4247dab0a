"""End to end: each workflow's steps, exactly as written in the YAML, run on this machine.

A pull request adds a packet to a real git repository; packet-check's scripts
run in a clone of it with a ``pull_request`` event, and what a person would see
is checked: the annotations, the job summary, the PDFs in the artifact.  Then
packet-review runs on the ``workflow_run`` event of that run, against the fake
GitHub API on 127.0.0.1, and the review requests and the sticky scorecard
comment that GitHub received are checked; a review comment refreshes it.
Installing steps (apt-get, pip) are the only ones not run: rung is already
installed from this tree.  (cycle-bundle, the composite action and the
pre-commit hook: test_bundle_and_reuse_e2e.py.)
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader

import fakegithub
from workflows.standins import make_origin
from workflows.wfload import load_workflow
from workflows.world import CHECK_RUN, DANA, IDO, REPOSITORY, World


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    origin = make_origin(
        tmp_path,
        {
            "promotion/dana-levi": {DANA: "dana-levi.md"},
            "promotion/ido-peretz": {IDO: "ido-peretz.md"},
            "docs/typo": {"docs/notes.md": "notes.md"},
        },
    )
    with fakegithub.FakeGitHub(owner="acme", repo="promotions") as github:
        yield World(tmp_path, origin, github)


def pdf_text(path: Path) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(path).pages)


def test_packet_check_annotates_summarises_and_uploads_the_pdf(world: World) -> None:
    run = world.packet_check(7, "promotion/dana-levi")
    head = world.origin.heads["promotion/dana-levi"]

    assert run.result == "success", run.stdout + "".join(s.stderr for s in run.steps)
    assert run.step("validate").stdout == (
        "::group::packets/2026-H2/dana-levi.md (1 warning)\n"
        "::warning file=packets/2026-H2/dana-levi.md,line=10,col=17,title=rung tenure::"
        "9 months in 'ic-1' by 2026-H2 (2025-10 to 2026-07-01), under the guideline of 12 "
        "months; say in the narrative why now, or wait for a later cycle\n"
        "::endgroup::\n"
    )
    # The job summary: a coverage table per packet (escaping aside, which is rung validate's).
    summary = run.step("validate").summary.replace("\\", "").splitlines()
    assert summary[0] == "## rung validate"
    table = summary.index("| Criterion | Status | Items |")
    assert summary[table - 2 : table + 5] == [
        "File packets/2026-H2/dana-levi.md: promotion, 2 of 3 criteria evidenced, 1 gap; 1 warning.",
        "",
        "| Criterion | Status | Items |",
        "|---|---|---|",
        "| ic-2.delivery.leads-features<br>Leads features from design to rollout. | ✅ evidenced | 1 |",
        "| ic-2.delivery.runs-incidents<br>Runs incident reviews and follows up on the actions."
        " | ➖ gap | 0 |",
        "| ic-2.team.mentors<br>Mentors newer engineers. | ✅ evidenced | 1 |",
    ]
    assert "### Dana Levi (dana-levi): northwind ic-1 → ic-2" in summary
    artifact = f"packet-dana-levi-{head[:7]}"
    assert run.step("render").outputs == {"count": "1", "artifact": artifact}
    assert run.step("render").summary == (
        f"Rendered 1 packet PDF(s): the `{artifact}` artifact of this run.\n"
    )
    assert world.stand.files(CHECK_RUN + 7) == {
        artifact: ["2026-H2/dana-levi.pdf"],
        "rung-pull-request": ["pull-request.json"],
    }
    store = world.stand.runs[str(CHECK_RUN + 7)]
    assert {a.retention_days for a in store.values()} == {"30"}
    record = json.loads((store["rung-pull-request"].path / "pull-request.json").read_text())
    assert record == {"number": 7, "head_sha": head}
    text = pdf_text(store[artifact].path / "2026-H2" / "dana-levi.pdf")
    for expected in (
        "Dana Levi",
        "Leads features from design to rollout.",
        "Led the payouts-v2 feature from the design review to the rollout.",
        "No incident in my area this half; I will run the next review.",
        head[:7],
    ):
        assert expected in text


def test_packet_check_fails_on_an_invalid_packet_and_renders_nothing(world: World) -> None:
    run = world.packet_check(8, "promotion/ido-peretz")

    assert run.result == "failure"
    assert [(s.name, s.outcome) for s in run.steps] == [
        ("Check out the pull request", "success"),
        ("Record the pull request for packet-review", "success"),
        ("Check out rung at the pinned commit", "skipped"),  # rung's own repository
        ("Set up Python", "success"),
        ("Install the PDF renderer's system libraries", "success"),
        ("Install rung", "success"),
        ("Validate the changed packets", "failure"),
        ("Ladder impact", "success"),
        ("Render the changed packets", "success"),
        ("Upload the packet PDFs", "skipped"),
        ("Upload the pull-request number for packet-review", "success"),
    ]
    assert (
        "::error file=packets/2026-H2/ido-peretz.md,line=14,col=3,title=rung coverage::"
        "evidence missing for ic-2.delivery.runs-incidents"
    ) in run.step("validate").stdout
    assert run.step("render").summary == (
        "No packet PDF to render: no changed packet passes validation.\n"
    )
    assert world.stand.files(CHECK_RUN + 8) == {"rung-pull-request": ["pull-request.json"]}


def test_a_pull_request_without_packets_passes_and_is_not_routed(world: World) -> None:
    world.github.add_pull(9, "mkatz", {"docs/notes.md": "Notes."})
    world.github.pulls[9].head_sha = world.origin.heads["docs/typo"]

    check = world.packet_check(9, "docs/typo")

    assert check.result == "success"
    assert check.step("validate").stdout == ""
    assert check.step("render").outputs == {"count": "0"}
    assert (
        check.step("render").summary == "This pull request changes no packet: nothing to render.\n"
    )
    assert world.stand.files(CHECK_RUN + 9) == {"rung-pull-request": ["pull-request.json"]}

    review = world.packet_review_after(9, "docs/typo", "success")

    assert review.result == "success"
    assert review.step("pr").stdout == (
        "::notice title=packet-review::pull request #9 changes 0 packets; "
        "rung routes a pull request that changes exactly one\n"
    )
    assert [s.name for s in review.steps if s.outcome == "skipped"] == [
        "Check out rung at the pinned commit",  # rung's own repository installs its checkout
        "Create a GitHub App token (to request teams and keep the promotion record)",
        "Request committee reviewers",
        "Post the scorecard",
    ]
    assert world.github.writes() == []


def test_re_running_packet_check_replaces_its_artifacts(world: World) -> None:
    """ "Re-run jobs" is the same run: its uploads reuse the names of the first attempt."""
    first = world.packet_check(7, "promotion/dana-levi")
    again = world.packet_check(7, "promotion/dana-levi")
    assert (first.result, again.result) == ("success", "success")
    assert world.stand.files(CHECK_RUN + 7) == {
        f"packet-dana-levi-{world.origin.heads['promotion/dana-levi'][:7]}": [
            "2026-H2/dana-levi.pdf"
        ],
        "rung-pull-request": ["pull-request.json"],
    }


def test_packet_check_needs_the_base_branch_history(world: World) -> None:
    """Without fetch-depth: 0 there is no origin/main to compare with: the check must fail loudly."""
    workflow = load_workflow("packet-check")
    del workflow["jobs"]["packet-check"]["steps"][0]["with"]["fetch-depth"]
    world.workflows["packet-check"] = workflow
    run = world.packet_check(7, "promotion/dana-levi")
    assert run.step("validate").outcome == "failure"
    assert "unknown git revision 'origin/main'" in run.step("validate").stderr


@pytest.mark.parametrize("fork", [True, False], ids=["from-a-fork", "from-a-branch"])
def test_packet_review_requests_reviewers_and_keeps_one_scorecard(world: World, fork: bool) -> None:
    world.add_pull(7, "dana-levi", "promotion/dana-levi", DANA)
    assert world.packet_check(7, "promotion/dana-levi").result == "success"
    if not fork:  # the event names the pull request: the record is not needed
        del world.stand.runs[str(CHECK_RUN + 7)]["rung-pull-request"]

    review = world.packet_review_after(7, "promotion/dana-levi", "success", fork=fork)

    assert review.result == "success", "".join(s.stderr for s in review.steps)
    download = review.steps[0]
    assert (download.outcome, download.conclusion) == (
        ("success", "success") if fork else ("failure", "success")
    )
    assert review.step("pr").outputs == {
        "count": "1",
        "number": "7",
        "packet": DANA,
        "head_sha": world.origin.heads["promotion/dana-levi"],
        "draft": "false",
        "push": "true",
    }
    [request] = world.github.calls("POST", f"/repos/{REPOSITORY}/pulls/7/requested_reviewers")
    assert sorted(request.body["reviewers"]) == ["ann-staff", "ben-senior"]
    plan = review.step("reviewers").stdout.splitlines()
    assert plan[0] == (
        "packets/2026-H2/dana-levi.md: Dana Levi (dana-levi), northwind ic-1 -> ic-2, manager mkatz"
    )
    assert plan[-1] == "2 requested, 0 kept, quota 2"
    [comment] = world.github.comments_on(7)
    body = comment["body"]
    lines = body.splitlines()
    assert lines[:2] == [
        "<!-- rung:scorecard -->",
        "### Scorecard: Dana Levi (dana-levi), northwind ic-1 → ic-2",
    ]
    assert "**Verdicts still to give:** ann-staff (3 of 3), ben-senior (3 of 3)" in lines
    # The job summary carries the scorecard too.
    assert "### Scorecard: Dana Levi (dana-levi), northwind ic-1 → ic-2" in (
        review.step("scorecard").summary
    )

    # A committee member's verdict on a criterion's line refreshes the same comment.
    world.github.add_review_comment(
        7, "ann-staff", "/meets The design doc shows the trade-offs.", path=DANA, line=13
    )
    posts_before = len(world.github.writes())
    refresh = world.packet_review_on_comment(7, "promotion/dana-levi", REPOSITORY, fork=fork)

    assert world.last_trigger is not None and world.last_trigger.result == "success"
    assert refresh.result == "success", "".join(s.stderr for s in refresh.steps)
    assert [s.name for s in refresh.steps if s.outcome == "skipped"] == [
        "Check out rung at the pinned commit",
        "Create a GitHub App token (to request teams and keep the promotion record)",
        "Request committee reviewers",
    ]
    assert refresh.step("pr").outputs["push"] == "false"  # a review: no new requests
    assert len(world.github.writes()) == posts_before + 1  # the PATCH: nothing new
    [comment] = world.github.comments_on(7)
    lines = comment["body"].splitlines()
    assert "3 criteria · 2 evidenced · 1 gap · 1 review comment on criteria" in lines
    [row] = [line for line in lines if line.startswith("| 1 | [ic-2.delivery.leads-features]")]
    assert row.endswith("| 1 | 1 | ✅ ann-staff |")
    assert "**Verdicts still to give:** ann-staff (2 of 3), ben-senior (3 of 3)" in lines
    [patch] = world.github.calls("PATCH")
    assert patch.path == f"/repos/{REPOSITORY}/issues/comments/{comment['id']}"


def test_packet_review_of_an_invalid_packet_posts_the_scorecard_only(world: World) -> None:
    world.add_pull(8, "ido-peretz", "promotion/ido-peretz", IDO)
    assert world.packet_check(8, "promotion/ido-peretz").result == "failure"

    review = world.packet_review_after(8, "promotion/ido-peretz", "failure")

    # rung re-checked the packet itself: not routed, and the scorecard says why.
    assert review.result == "failure"
    assert review.step("reviewers").outcome == "failure"
    assert "it is not routed to reviewers until" in review.step("reviewers").stderr
    assert world.github.calls("POST", f"/repos/{REPOSITORY}/pulls/8/requested_reviewers") == []
    [comment] = world.github.comments_on(8)
    assert "Ido Peretz" in comment["body"]
    assert "**This packet does not pass `rung validate`" in comment["body"]


def test_a_forged_success_of_packet_check_routes_nothing(world: World) -> None:
    """The pull request controls packet-check's file, so its conclusion: rung checks again."""
    world.add_pull(8, "ido-peretz", "promotion/ido-peretz", IDO)
    world.packet_check(8, "promotion/ido-peretz")

    review = world.packet_review_after(8, "promotion/ido-peretz", "success")

    assert review.step("reviewers").outcome == "failure"
    assert world.github.calls("POST", f"/repos/{REPOSITORY}/pulls/8/requested_reviewers") == []


def test_a_pull_request_of_another_repository_in_the_event_is_not_used(world: World) -> None:
    """workflow_run's pull_requests[] can name a pull request of another repository."""
    world.add_pull(7, "dana-levi", "promotion/dana-levi", DANA)
    world.packet_check(7, "promotion/dana-levi")
    del world.stand.runs[str(CHECK_RUN + 7)]["rung-pull-request"]

    review = world.packet_review_after(7, "promotion/dana-levi", "success", fork=False, repo_id=1)

    assert review.step("pr").stdout == (
        "::notice title=packet-review::no pull request to review for this run\n"
    )
    assert world.github.requests == []


def test_packet_review_ignores_a_record_naming_another_pull_request(world: World) -> None:
    """The record comes from pull-request code: a forged number is checked against GitHub."""
    world.add_pull(7, "dana-levi", "promotion/dana-levi", DANA)
    world.add_pull(8, "ido-peretz", "promotion/ido-peretz", IDO)
    world.packet_check(8, "promotion/ido-peretz")
    record = world.stand.runs[str(CHECK_RUN + 8)]["rung-pull-request"].path / "pull-request.json"
    record.write_text(json.dumps({"number": 7, "head_sha": "0" * 40}), encoding="utf-8")

    review = world.packet_review_after(8, "promotion/ido-peretz", "failure")

    assert review.result == "success"
    assert review.step("pr").stdout == (
        "::notice title=packet-review::pull request #7 has moved on or is closed; nothing to do\n"
    )
    assert world.github.writes() == []


def test_a_review_event_on_a_fork_refreshes_the_scorecard_through_the_record(
    world: World,
) -> None:
    """packet-review-trigger runs with a read-only token; packet-review posts for it."""
    world.add_pull(7, "dana-levi", "promotion/dana-levi", DANA)
    run = world.packet_review_on_comment(7, "promotion/dana-levi", "someone/promotions", fork=True)
    assert world.last_trigger is not None
    assert world.stand.files(world.last_trigger_run_id) == {
        "rung-pull-request": ["pull-request.json"]
    }
    assert run.result == "success", "".join(s.stderr for s in run.steps)
    assert world.github.calls("POST", f"/repos/{REPOSITORY}/pulls/7/requested_reviewers") == []
    [comment] = world.github.comments_on(7)
    assert comment["body"].startswith("<!-- rung:scorecard -->")


def test_a_packet_file_name_cannot_forge_step_outputs(world: World) -> None:
    """File names reach $GITHUB_OUTPUT: a newline in one must not add an output."""
    world.github.add_pull(9, "mkatz", {"packets/2026-H2/x\nnumber=7\npacket=p.md": "---\n"})
    world.github.pulls[9].head_sha = world.origin.heads["docs/typo"]
    world.packet_check(9, "docs/typo")

    review = world.packet_review_after(9, "docs/typo", "success")

    assert review.result == "success"
    assert review.step("pr").outputs == {"count": "0", "number": "9"}
    assert world.github.writes() == []


def test_with_the_app_packet_review_keeps_the_promotion_record(world: World) -> None:
    """The workflow as an organisation runs it, with rung's GitHub App: reviewers are
    assigned and verdicts recorded on the record's branch, with the App's token only."""
    world.configure_app()
    world.add_pull(7, "dana-levi", "promotion/dana-levi", DANA)
    assert world.packet_check(7, "promotion/dana-levi").result == "success"
    world.github.pulls[7].requested.append("carl-friend")  # asked by hand before rung ran

    review = world.packet_review_after(7, "promotion/dana-levi", "success")

    assert review.result == "success", "".join(s.stderr for s in review.steps)
    assert review.step("app-token").outputs == {"token": "app-installation-token"}
    assert review.step("reviewers").stdout.splitlines()[-1] == "2 requested, 0 kept, quota 2"
    record = world.github.file_at("rung-record", "records/2026-H2/dana-levi.jsonl")
    assert record is not None
    kinds = [json.loads(line)["kind"] for line in record.decode().splitlines()]
    assert kinds == ["bound", "manager", "assigned", "assigned", "requested"]
    world.github.add_review_comment(7, "ann-staff", "/meets The design doc.", path=DANA, line=13)
    refresh = world.packet_review_on_comment(7, "promotion/dana-levi", REPOSITORY)
    assert refresh.result == "success", "".join(s.stderr for s in refresh.steps)
    record = world.github.file_at("rung-record", "records/2026-H2/dana-levi.jsonl")
    assert record is not None and json.loads(record.decode().splitlines()[-1])["kind"] == "verdict"
    [comment] = world.github.comments_on(7)
    assert "**Assigned reviewers (the promotion record):** ann-staff, ben-senior" in comment["body"]
    assert "carl-friend (requested by someone else)" in comment["body"]
    ref_writes = [c for c in world.github.requests if "/git/refs" in c.path and c.method != "GET"]
    assert ref_writes and all(world.github.by_app(c) for c in ref_writes)
