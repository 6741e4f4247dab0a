"""From nothing to a checked, routed first packet: what README's adopting steps promise.

A new organisation runs ``rung init`` in an empty git repository with its
Markdown ladder, a candidate writes a packet with ``rung new``, fills it in and
validates it clean, all through the ``rung`` command as a person types it.  Then
the caller workflows ``rung init`` wrote run through the local runner: each
calls rung's reusable workflow at the pinned commit (``OWNER/rung/...@SHA``,
this repository's copy of the file standing in for GitHub's fetch), checks out
rung at that same commit, validates and renders the packet, and packet-review
requests the chairs and posts the scorecard on the fake GitHub.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

import fakegithub
from paths import REPO
from workflows.standins import VENV_BIN, Origin, git, git_env
from workflows.wfload import load, load_caller
from workflows.world import CHECK_RUN, REPOSITORY, World

LADDER = REPO / "tests" / "fixtures" / "import" / "handbook.md"
PACKET = "packets/2026-H2/dana-levi.md"
BRANCH = "promotion/dana-levi"


def rung(cwd: Path, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(VENV_BIN / "rung"), *args],
        cwd=cwd,
        env=git_env(home),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def fill(text: str) -> str:
    """What the candidate writes into ``rung new``'s packet: a claim per criterion, a summary."""
    claims = [
        ("Designed the checkout flow with its error and empty states.", "acme/shop/pull/12"),
        ("Ran three usability tests and changed the flow after each.", "acme/shop/issues/40"),
    ]
    for claim, link in claims:
        text = text.replace(
            '- claim: ""\n      links: []',
            f'- claim: "{claim}"\n      links: [https://github.com/{link}]',
            1,
        )
    return text.replace(
        "<!-- Two or three sentences: your role, what you work on, and why this move now. -->",
        "Dana designs the shop's checkout and asks to move to product designer.",
    )


@pytest.fixture
def rung_repo(tmp_path: Path) -> tuple[Path, str]:
    """rung's repository on "GitHub" at one commit: what the callers' checkout fetches."""
    path, home = tmp_path / "rung", tmp_path / "home"
    home.mkdir(exist_ok=True)
    shutil.copytree(REPO / "requirements", path / "requirements")
    git(path, "init", "--quiet", "--initial-branch=main", home=home)
    git(path, "add", "--all", home=home)
    git(path, "commit", "--quiet", "--message=rung", home=home)
    return path, git(path, "rev-parse", "HEAD", home=home)


def test_rung_init_to_a_validated_packet_checked_and_routed_by_the_callers(
    tmp_path: Path, rung_repo: tuple[Path, str]
) -> None:
    rung_path, sha = rung_repo
    home, origin_path = tmp_path / "home", tmp_path / "origin"
    origin_path.mkdir()
    git(origin_path, "init", "--quiet", "--initial-branch=main", home=home)

    # The organisation: rung init with its ladder document.
    done = rung(origin_path, home, "init", "--chair", "noa-shapiro", "--chair", "rgolan",
                "--ladder", str(LADDER), "--cycle", "2026-H2", "--rung", f"acme/rung@{sha}",
                "--org", "Acme")  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(
        f"rung init: wrote 23 files in . (ladders: handbook; cycle 2026-H2; rung acme/rung@{sha[:12]})"
    )
    assert "Then: GITHUB_TOKEN=... rung doctor --repo OWNER/NAME" in done.stdout
    for command in (["ladder", "check"], ["validate"]):
        checked = rung(origin_path, home, *command)
        assert checked.returncode == 0, checked.stdout + checked.stderr
        assert " 0 errors" in checked.stderr
    git(origin_path, "add", "--all", home=home)
    git(origin_path, "commit", "--quiet", "--message=rung init", home=home)
    origin = Origin(origin_path, home, git(origin_path, "rev-parse", "HEAD", home=home))

    # A candidate: rung new, fill in, validate clean, push a branch.
    git(origin_path, "checkout", "--quiet", "-b", BRANCH, home=home)
    new = rung(origin_path, home, "new", "--ladder", "handbook", "--from", "ad", "--to", "pd",
               "--candidate", "dana-levi", "--name", "Dana Levi", "--manager", "mkatz",
               "--cycle", "2026-H2", "--since", "2025-01")  # fmt: skip
    assert new.returncode == 0, new.stderr
    packet = origin_path / PACKET
    filled = fill(packet.read_text(encoding="utf-8"))
    packet.write_text(filled, encoding="utf-8")
    valid = rung(origin_path, home, "validate", PACKET)
    assert (valid.returncode, valid.stdout) == (0, ""), valid.stdout
    assert valid.stderr == ("rung: checked 1 packet, 1 ladder: 0 errors, 0 warnings, 0 notices\n")
    git(origin_path, "add", "--all", home=home)
    git(origin_path, "commit", "--quiet", "--message=Dana's packet", home=home)
    origin.heads[BRANCH] = head = git(origin_path, "rev-parse", "HEAD", home=home)
    git(origin_path, "checkout", "--quiet", "main", home=home)

    # The callers rung init wrote call rung at the pinned commit, with that same commit.
    callers = origin_path / ".github" / "workflows"
    for name in ("packet-check", "packet-review"):
        [job] = load(callers / f"{name}.yml")["jobs"].values()
        assert job["uses"] == f"acme/rung/.github/workflows/rung-{name}.yml@{sha}"
        assert job["with"] == {"rung-repository": "acme/rung", "rung-ref": sha}

    with fakegithub.FakeGitHub(owner="acme", repo="promotions") as github:
        world = World(tmp_path, origin, github)
        world.stand.repositories["acme/rung"] = rung_path
        for name in ("packet-check", "packet-review"):
            world.workflows[name] = load_caller(callers / f"{name}.yml")

        check = world.packet_check(7, BRANCH)
        assert check.result == "success", check.stdout + "".join(s.stderr for s in check.steps)
        assert check.step("validate").stdout == ""  # no annotation: the packet is clean
        rung_checkout = next(
            s for s in check.steps if s.name == "Check out rung at the pinned commit"
        )
        assert (rung_checkout.outcome, rung_checkout.outputs["commit"]) == ("success", sha)
        artifact = f"packet-dana-levi-{head[:7]}"
        assert world.stand.files(CHECK_RUN + 7) == {
            artifact: ["2026-H2/dana-levi.pdf"],
            "rung-pull-request": ["pull-request.json"],
        }

        # The pull request on GitHub: its head is the commit packet-check checked.
        github.add_pull(7, "dana-levi", {PACKET: filled}).head_sha = head
        github.add_content(PACKET, filled, head)

        review = world.packet_review_after(7, BRANCH, "success", fork=True)
        assert review.result == "success", "".join(s.stderr for s in review.steps)
        [request] = github.calls("POST", f"/repos/{REPOSITORY}/pulls/7/requested_reviewers")
        assert sorted(request.body["reviewers"]) == ["noa-shapiro", "rgolan"]
        [comment] = github.comments_on(7)
        assert comment["body"].splitlines()[1] == (
            "### Scorecard: Dana Levi (dana-levi), handbook ad → pd"
        )
