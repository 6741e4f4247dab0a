"""``rung letter``: the committee's words from decisions.yaml, never a reviewer's (PDF text).

Attack 9: reviewers write "Robert here… Annabel agrees (Weiss/Ritter, see …/pull/7#…)"
in their ``/not-yet`` reasons.  The letter carries only the decision record (outcome,
rationale, the chairs' ``feedback:`` per criterion); ``--draft-feedback`` seeds that
feedback from the counted reasons with every trace of a reviewer taken out, and
writes nothing.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pypdf
import pytest
import yaml

from cycle.fake import CycleFake
from cycle.generate import CYCLE, Expected, key_line, make_repo, populate
from paths import REPO
from rung.cli import main

ROSTER_LOGINS = ["ann", "bob", "carol", "dave", "mkatz", "erin", "frank", "dana-levi"]
# bob and dave review cand-03; the roster gives them names (one with an ß).
NAMES = {"bob": "Robert Weiß", "dave": "Annabel Ritter"}
NAME_WORDS = ["Robert", "Weiß", "Weiss", "Annabel", "Ritter"]
HOSTILE = (
    "/not-yet Robert here… Annabel agrees (Weiss/Ritter, see "
    "https://github.com/acme/promotions/pull/7#discussion_r1). No quarter plan yet."
)
# The same people in other spellings: letter case, decomposed accents, full-width
# letters, a zero-width space, a bare link path, a review link, an @mention, a possessive.
VARIANTS = (
    "/not-yet ROBERT and annabel RITTER say: WEISS's review ＲＯＢＥＲＴ Rob\u200bert "
    "(…/pull/7#pullrequestreview-9, acme/promotions/pulls) @Bob and @dave-x; "
    "Zoe\u0308 O'Brien-00 & Co: #0 did it better. Plans are missing."
)
# What YAML and a terminal care about: the draft must still load, strictly.
NASTY = '/not-yet Say "no" \\ # not: a comment\x9b\x07 🙂 \u2028then & *this* {x: [y]}'
FEEDBACK = (
    "    feedback:\n"
    "      ic-2.delivery.plans-quarters: Show one quarter you planned with your product "
    "manager & what changed.\n"
    "      ic-2.team.mentors: 'Mentoring is clear: keep going #2'\n"
)


@pytest.fixture
def world(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[CycleFake, Path, dict[str, Expected]]]:
    scenarios = make_repo(tmp_path, 7)
    roster = tmp_path / ".github" / "committee.yml"
    text = roster.read_text(encoding="utf-8")
    for login, name in NAMES.items():
        text = text.replace(f"  - login: {login}\n", f"  - login: {login}\n    name: {name}\n")
    roster.write_text(text, encoding="utf-8")
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "letter.html.j2").write_text(
        (REPO / "templates" / "letter.html.j2").read_text(encoding="utf-8"), encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    with CycleFake() as gh:
        for name, value in gh.env().items():
            monkeypatch.setenv(name, value)
        expected = populate(gh, tmp_path, scenarios)
        yield gh, tmp_path, expected


def decide(root: Path, extra: str = "") -> None:
    """A not-yet decision on cand-03, with ``extra`` (its feedback) under it."""
    decisions = root / "packets" / CYCLE / "decisions.yaml"
    decisions.write_text(
        decisions.read_text(encoding="utf-8")
        + "  - candidate: cand-03\n    outcome: not-yet\n"
        + "    rationale: 'Planning is not shown yet; bob and the committee want one more "
        "quarter.'\n" + extra,
        encoding="utf-8",
    )


def hostile_reviews(gh: CycleFake, root: Path, number: int) -> str:
    """bob's and dave's /not-yet reasons on cand-03, naming each other every way."""
    path = f"packets/{CYCLE}/cand-03.md"
    text = (root / path).read_text(encoding="utf-8")
    gh.add_review_comment(
        number, "dave", HOSTILE, path=path, line=key_line(text, "ic-2.team.mentors")
    )
    gh.add_review_comment(
        number, "bob", VARIANTS, path=path, line=key_line(text, "ic-2.delivery.plans-quarters")
    )
    gh.add_review_comment(
        number, "dave", NASTY, path=path, line=key_line(text, "ic-2.delivery.runs-incidents")
    )
    return path


def pdf_text(path: Path) -> str:
    return " ".join(" ".join(page.extract_text() for page in pypdf.PdfReader(path).pages).split())


def nobody_in(text: str) -> None:
    """No roster login, name or name part, in any case or Unicode spelling, and no link."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    for word in [*ROSTER_LOGINS, *NAME_WORDS, "cand-00", "Brien-00"]:
        pattern = rf"(?<![\w-]){re.escape(word.casefold())}(?![\w-])"
        assert not re.search(pattern, folded), (word, text)
    said = "\n".join(line for line in text.splitlines() if not line.startswith("#"))
    for trace in ("pull/7", "discussion_r", "pullrequestreview", "/pulls", "github.com", "@"):
        assert trace not in said, (trace, text)


def tree(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_the_letter_is_the_committees_words_and_never_a_reviewers(
    world: tuple[CycleFake, Path, dict[str, Expected]],
) -> None:
    gh, root, expected = world
    number = expected["cand-03"].pull
    assert number is not None
    path = hostile_reviews(gh, root, number)
    decide(root, FEEDBACK)
    before = len(gh.calls())
    out = root / "letter.pdf"
    assert main(["letter", path, "--out", str(out)]) == 0
    assert len(gh.calls()) == before  # the letter reads nothing from GitHub
    words = pdf_text(out)
    assert "Outcome: Not yet" in words
    assert "Planning is not shown yet" in words
    # The chairs' feedback, under each criterion's words (not its id) and its area.
    assert (
        "The committee's feedback Plans the team's quarter with the product manager. Delivery "
        "Show one quarter you planned with your product manager & what changed. "
        "Mentors <two> engineers. Team Mentoring is clear: keep going #2"
    ) in words
    # Not one word of what the reviewers wrote, and nobody named.
    for said in ("No quarter plan yet", "Plans are missing", "agrees", "[a committee member] here"):
        assert said not in words
    # The people the letter names on purpose: the manager to talk to, the chair who signs.
    assert "Talk to erin, your manager, in the coming weeks" in words
    assert words.endswith(
        "With best wishes, ann Personal — for Zoë O'Brien-03 & Co: #3 only Page 1 of 1"
    )
    named = words.replace("Talk to erin,", "").replace("With best wishes, ann", "")
    nobody_in(named.replace("[a committee member]", ""))
    # The rationale's "bob" is taken out of the committee's words too.
    assert "Planning is not shown yet; [a committee member] and the committee" in words
    # Criteria by their text, never a bare id.
    assert "ic-2." not in words


def test_without_feedback_the_letter_has_no_reasons_section(
    world: tuple[CycleFake, Path, dict[str, Expected]],
) -> None:
    gh, root, expected = world
    assert expected["cand-03"].pull is not None
    path = hostile_reviews(gh, root, expected["cand-03"].pull)
    decide(root)
    out = root / "letter.pdf"
    assert main(["letter", path, "--out", str(out), "--offline"]) == 0
    words = pdf_text(out)
    assert "Outcome: Not yet" in words and "feedback" not in words.casefold()
    assert "No quarter plan yet" not in words and "Plans are missing" not in words


def test_draft_feedback_takes_out_every_trace_of_a_reviewer_and_writes_nothing(
    world: tuple[CycleFake, Path, dict[str, Expected]], capsys: pytest.CaptureFixture[str]
) -> None:
    gh, root, expected = world
    number = expected["cand-03"].pull
    assert number is not None
    path = hostile_reviews(gh, root, number)
    before = tree(root)
    assert main(["letter", path, "--draft-feedback"]) == 0
    draft, err = capsys.readouterr()
    assert "nothing was written to the repository or to GitHub" in err
    assert tree(root) == before
    assert not [c for c in gh.calls() if c.method != "GET" and "graphql" not in c.path]
    nobody_in(draft.replace("[a committee member]", "").replace("[another person]", ""))
    assert "[a link]" in draft and "[another person]" in draft
    # The drafted feedback is YAML that fits under the decision, criterion by criterion.
    block = yaml.safe_load("".join(line for line in draft.splitlines(keepends=True)))
    assert block == {
        "feedback": {
            "ic-2.delivery.plans-quarters": (
                "[a committee member] and [a committee member] say: "
                "[a committee member]'s review [a committee member] [a committee member] "
                "([a link], [a link]) [a committee member] and [a committee member]; "
                "[another person] did it better. Plans are missing."
            ),
            "ic-2.delivery.runs-incidents": 'Say "no" \\ # not: a comment 🙂 then & *this* {x: [y]}',
            "ic-2.team.mentors": (
                "[a committee member] here... [a committee member] agrees "
                "([a committee member]/[a committee member], see [a link]). "
                "No quarter plan yet."
            ),
        }
    }
    # A chair pastes it (edited or not) under the decision: it validates and is the letter.
    decide(root, draft)
    assert main(["validate", f"packets/{CYCLE}/decisions.yaml"]) == 0
    out = root / "letter.pdf"
    assert main(["letter", path, "--out", str(out)]) == 0
    # (pypdf reads a page that needed the emoji font as UTF-16: drop the NULs.)
    words = pdf_text(out).replace("\x00", "")
    assert "No quarter plan yet." in words and 'Say "no"' in words


def test_draft_feedback_reads_github_or_says_why_not(
    world: tuple[CycleFake, Path, dict[str, Expected]], capsys: pytest.CaptureFixture[str]
) -> None:
    _, _, expected = world
    path = f"packets/{CYCLE}/cand-01.md"
    assert main(["letter", path, "--draft-feedback", "--offline"]) == 2
    assert "--draft-feedback reads the /not-yet reasons" in capsys.readouterr().err
    # Every reviewer said /meets: an empty draft, said so.
    assert main(["letter", path, "--draft-feedback", "--pr", str(expected["cand-01"].pull)]) == 0
    assert "nothing to draft" in capsys.readouterr().out


def test_feedback_the_letter_cannot_place_stops_the_letter(
    world: tuple[CycleFake, Path, dict[str, Expected]], capsys: pytest.CaptureFixture[str]
) -> None:
    _, root, _ = world
    decide(root, "    feedback:\n      ic-2.delivery.plans-quarter: A typo in the id.\n")
    out = root / "letter.pdf"
    assert main(["letter", f"packets/{CYCLE}/cand-03.md", "--out", str(out)]) == 2
    assert (
        "packets/2026-H2/decisions.yaml:12:7: feedback on 'ic-2.delivery.plans-quarter', which "
        "is not a criterion of cand-03's move, would be left out of the letter"
    ) in capsys.readouterr().err
    assert not out.exists()


def test_no_decision_no_letter(
    world: tuple[CycleFake, Path, dict[str, Expected]], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["letter", f"packets/{CYCLE}/cand-01.md", "--offline"]) == 2
    assert "no decision on 'cand-01'" in capsys.readouterr().err


def test_draft_feedback_ignores_an_abstention_and_its_reason(
    world: tuple[CycleFake, Path, dict[str, Expected]], capsys: pytest.CaptureFixture[str]
) -> None:
    """An abstention (issue 24) takes no side: its reason is not feedback for the candidate."""
    gh, root, expected = world
    number = expected["cand-03"].pull
    assert number is not None
    path = hostile_reviews(gh, root, number)
    text = (root / path).read_text(encoding="utf-8")
    line = key_line(text, "ic-2.delivery.leads-features")
    gh.add_review_comment(number, "bob", "/abstain outside my expertise", path=path, line=line)
    assert main(["letter", path, "--draft-feedback"]) == 0
    draft = capsys.readouterr().out
    assert "outside my expertise" not in draft
    block = yaml.safe_load(draft)
    assert sorted(block["feedback"]) == [
        "ic-2.delivery.plans-quarters",
        "ic-2.delivery.runs-incidents",
        "ic-2.team.mentors",
    ]
