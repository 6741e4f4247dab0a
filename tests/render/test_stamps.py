"""A packet's PDF depends on its inputs, not on the repository's head (issue 29).

Each packet is stamped with the last commit that changed its file, its ladder or a
template, and the render cache is keyed on that stamp: committing a change to one
packet renders that packet again and takes the others from the cache, byte for byte.
Real git in a temporary repository throughout.
"""

from __future__ import annotations

import contextlib
import io
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from gitrun import git as run_git
from rung.cli import main
from rung.render.commit import stamp_packets
from rung.render.context import CommitInfo

CYCLE = "2026-H2"
NAMES = ("ada-render", "ben-render", "cleo-render", "dov-render")
PACKETS = [f"packets/{CYCLE}/{name}.md" for name in NAMES]


def git(root: Path, *args: str, date: str = "2026-06-30T14:03:11+02:00") -> str:
    return run_git(root, *args, date=date)


def commit(root: Path, message: str, date: str = "2026-07-01T09:00:00+00:00") -> str:
    git(root, "add", "-A")
    git(root, "commit", "--quiet", "--no-gpg-sign", "-m", message, date=date)
    return git(root, "rev-parse", "HEAD")


def append(root: Path, name: str, text: str) -> None:
    path = root / name
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


@pytest.fixture
def repo(render_repo: Path, tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    for name in ("ladders", "templates", "packets"):
        shutil.copytree(render_repo / name, root / name)
    (root / ".gitignore").write_text("out/\ncache/\n*.pdf\n", encoding="utf-8")
    git(root, "init", "--quiet", "--initial-branch=main")
    commit(root, "the cycle", "2026-06-30T14:03:11+02:00")
    return root


def ladder_of(root: Path, packet: str) -> str:
    for line in (root / packet).read_text(encoding="utf-8").splitlines():
        if line.startswith("ladder:"):
            return f"ladders/{line.split(':', 1)[1].strip()}.yaml"
    raise AssertionError(packet)


def stamps(
    root: Path, head: str | None = None, packets: list[str] = PACKETS
) -> list[tuple[str, bool]]:
    sha = head or git(root, "rev-parse", "HEAD")
    found = stamp_packets(
        CommitInfo(sha, "2026-07-01T09:00:00Z"),
        root,
        [(p, ladder_of(root, p)) for p in packets],
        "templates",
    )
    return [(s.sha, s.dirty) for s in found if s is not None]


def test_each_packet_is_stamped_with_the_last_commit_that_changed_its_inputs(repo: Path) -> None:
    first = git(repo, "rev-parse", "HEAD")
    assert stamps(repo) == [(first, False)] * 4
    append(repo, PACKETS[1], "\nA sentence for ben.\n")
    second = commit(repo, "ben's packet")
    (repo / "README.md").write_text("Not an input of any packet.\n", encoding="utf-8")
    commit(repo, "unrelated")
    assert stamps(repo) == [(first, False), (second, False), (first, False), (first, False)]

    prior = stamps(repo)
    ladder = ladder_of(repo, PACKETS[0])  # ada's ladder; whoever shares it follows it
    append(repo, ladder, "\n# a comment changes the ladder file\n")
    third = commit(repo, "ladder")
    sharing = [ladder_of(repo, p) == ladder for p in PACKETS]
    assert sharing[0] and not all(sharing)
    assert stamps(repo) == [
        (third, False) if shared else was for shared, was in zip(sharing, prior, strict=True)
    ]

    append(repo, "templates/print.css", "\n/* a template change */\n")
    fourth = commit(repo, "templates")
    assert stamps(repo) == [(fourth, False)] * 4
    # --commit names an earlier head: the stamps are what they were at that commit.
    assert stamps(repo, second)[:2] == [(first, False), (second, False)]


def test_uncommitted_and_new_packets_are_marked_against_their_head(repo: Path) -> None:
    first = git(repo, "rev-parse", "HEAD")
    append(repo, PACKETS[0], "\nNot committed yet.\n")
    new = f"packets/{CYCLE}/zoe-new.md"
    shutil.copy(repo / PACKETS[2], repo / new)  # never added
    assert stamps(repo, packets=[*PACKETS, new]) == [
        (first, True), (first, False), (first, False), (first, False), (first, True)
    ]  # fmt: skip
    append(repo, PACKETS[3], "\nLater.\n")
    later = commit(repo, "dov")  # commits ada's edit and the new packet too
    # Against the first commit, the files on disk are not the files there.
    assert stamps(repo, first)[0] == (first, True)
    assert stamps(repo)[0] == (later, False)


def test_a_merge_stamps_what_it_brought_in(repo: Path) -> None:
    first = git(repo, "rev-parse", "HEAD")
    git(repo, "checkout", "--quiet", "-b", "ada")
    append(repo, PACKETS[0], "\nFrom ada's branch.\n")
    commit(repo, "ada")
    git(repo, "checkout", "--quiet", "main")
    append(repo, PACKETS[1], "\nOn main.\n")
    ben = commit(repo, "ben")
    git(repo, "merge", "--quiet", "--no-ff", "--no-gpg-sign", "-m", "merge ada", "ada")
    merge = git(repo, "rev-parse", "HEAD")
    assert stamps(repo) == [(merge, False), (ben, False), (first, False), (first, False)]


def test_a_file_name_cannot_pose_as_a_commit(repo: Path) -> None:
    first = git(repo, "rev-parse", "HEAD")
    fake = "f" * 40
    (repo / "packets" / CYCLE / f"\n{fake} 2020-01-01T00:00:00Z\n.md").write_text("x\n")
    append(repo, PACKETS[2], "\nAlongside the odd name.\n")
    second = commit(repo, "odd name")
    assert stamps(repo) == [(first, False), (first, False), (second, False), (first, False)]


def test_a_commit_git_does_not_know_is_every_stamp(repo: Path) -> None:
    assert stamps(repo, "ab" * 20) == [("ab" * 20, False)] * 4
    assert stamp_packets(None, repo, [(PACKETS[0], None)], "templates") == [None]


# --- the render cache across commits --------------------------------------------------------


def rung(root: Path, *args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(root)
        mp.setenv("RUNG_RENDER_CACHE", str(root / "cache"))
        for name in ("GITHUB_SHA", "SOURCE_DATE_EPOCH"):
            mp.delenv(name, raising=False)
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(list(args))
    return code, out.getvalue(), err.getvalue()


def entries(root: Path) -> dict[str, int]:
    return {p.name: p.stat().st_ino for p in (root / "cache").glob("*.entry")}


def text(pdf: Path) -> str:
    return "".join("".join(page.extract_text().split()) for page in PdfReader(pdf).pages)


def test_a_commit_to_one_packet_renders_one_packet_again(repo: Path) -> None:
    first = git(repo, "rev-parse", "HEAD")
    code, _, err = rung(repo, "bundle", CYCLE, "--jobs", "1", "--out", "one.pdf")
    assert code == 0 and "rung: render cache: 0 reused, 4 rendered\n" in err
    cold = entries(repo)
    assert len(cold) == 4
    assert rung(repo, "render", PACKETS[0], "--no-cache", "--out", "out/before")[0] == 0

    append(repo, PACKETS[1], "\nOne sentence committed after the first bundle.\n")
    second = commit(repo, "ben's packet")
    code, _, err = rung(repo, "bundle", CYCLE, "--jobs", "1", "--out", "two.pdf")
    assert code == 0 and "rung: render cache: 3 reused, 1 rendered\n" in err
    warm = entries(repo)
    assert len(warm) == 5 and {k: warm[k] for k in cold} == cold  # none rewritten
    bundle = text(repo / "two.pdf")
    assert f"renderedfromcommit{second[:7]}" in bundle  # the bundle is of the head
    assert "Onesentencecommittedafterthefirstbundle." in bundle

    (repo / "README.md").write_text("Nothing a packet is drawn from.\n", encoding="utf-8")
    commit(repo, "unrelated")
    code, _, err = rung(repo, "bundle", CYCLE, "--jobs", "1", "--out", "three.pdf")
    assert code == 0 and "rung: render cache: 4 reused, 0 rendered\n" in err
    assert entries(repo) == warm

    # Two commits later, the unchanged packet's PDF is the same bytes, stamped with
    # the commit that last changed it.
    assert rung(repo, "render", PACKETS[0], "--no-cache", "--out", "out/after")[0] == 0
    name = Path(CYCLE) / f"{NAMES[0]}.pdf"
    before = (repo / "out" / "before" / name).read_bytes()
    assert (repo / "out" / "after" / name).read_bytes() == before
    assert first in text(repo / "out" / "after" / name)
    assert rung(repo, "render", PACKETS[1], "--no-cache", "--out", "out/after")[0] == 0
    assert second in text(repo / "out" / "after" / Path(CYCLE) / f"{NAMES[1]}.pdf")
