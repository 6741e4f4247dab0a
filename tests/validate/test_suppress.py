"""Inline suppressions (``# rung: ignore[RULE] reason: WHY``) through the real
``rung validate``: what they silence, what they cannot, and that every output shows
what was silenced and why."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from paths import FIXTURES
from rung.cli import main
from validate.test_sarif_quiet import SARIF_SUBSET

CLEAN = (FIXTURES / "packets" / "2026-H2" / "clean.md").read_text()
MINI = (FIXTURES / "packets" / "ladders" / "mini.yaml").read_text()
ANA = "packets/2026-H2/clean.md"
PR_LINE = "      links: [https://github.com/acme/shop/pull/1]"
CHECKOUT_LINE = "      links: [https://docs.example.com/checkout]"
REASON = "we paired on it; my part was the API (@noa & me)"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Two packets citing the same three links: three `reuse` notices each."""
    (tmp_path / "ladders").mkdir()
    (tmp_path / "ladders" / "mini.yaml").write_text(MINI)
    folder = tmp_path / "packets" / "2026-H2"
    folder.mkdir(parents=True)
    (folder / "clean.md").write_text(CLEAN)
    (folder / "bee.md").write_text(CLEAN.replace("candidate: clean", "candidate: bee"))
    monkeypatch.chdir(tmp_path)
    for name in ("GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


def edit(repo: Path, old: str, new: str) -> None:
    path = repo / ANA
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["validate", *args])
    out, err = capsys.readouterr()
    return code, out, err


def own(out: str) -> list[tuple[int, str, str]]:
    """clean.md's findings from --format json: (line, level, rule)."""
    findings = json.loads(out)["findings"]
    return [(f["line"], f["level"], f["rule"]) for f in findings if f["path"] == ANA]


def test_a_trailing_suppression_silences_its_line_and_is_listed_with_its_reason(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(repo, PR_LINE, f"{PR_LINE}  # rung: ignore[reuse] reason: {REASON}")
    code, out, err = run(capsys, ANA)
    assert code == 0
    assert out.splitlines()[-3:] == [
        f'{ANA}:20:15: notice: link "https://docs.example.com/payments" is also cited by bee '
        "(packets/2026-H2/bee.md:20:15) this cycle; shared work is fine, say what your part in "
        "it was [reuse]",
        "silenced by inline suppressions (1):",
        f'  {ANA}:15:15: notice: link "https://github.com/acme/shop/pull/1" is also cited by '
        "bee (packets/2026-H2/bee.md:15:15) this cycle; shared work is fine, say what your part "
        f"in it was [reuse] reason: {REASON}",
    ]
    assert err == "rung: checked 1 packet, 1 ladder: 0 errors, 0 warnings, 2 notices, 1 silenced\n"
    assert "silenced" not in run(capsys, ANA, "--quiet")[1]


def test_a_suppression_alone_on_its_line_silences_the_next_line(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(
        repo,
        CHECKOUT_LINE,
        f"      # rung: ignore[reuse, github-link] reason: {REASON}\n{CHECKOUT_LINE}",
    )
    code, out, _ = run(capsys, ANA, "--format", "json")
    assert code == 0
    # line 19 is now the link; github-link had nothing to say there: unused
    assert own(out) == [
        (15, "notice", "reuse"),
        (18, "warning", "suppression"),
        (21, "notice", "reuse"),
    ]
    payload = json.loads(out)
    assert [f["message"] for f in payload["findings"] if f["rule"] == "suppression"] == [
        "unused suppression: no 'github-link' finding on line 19 to silence; remove it"
    ]
    [silenced] = payload["silenced"]
    assert (silenced["line"], silenced["rule"], silenced["level"]) == (19, "reuse", "notice")
    assert (silenced["reason"], silenced["suppressed_at"]) == (REASON, 18)


def test_a_suppression_without_a_reason_is_an_error_and_silences_nothing(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(repo, PR_LINE, f"{PR_LINE}  # rung: ignore[reuse]   reason:  ")
    code, out, _ = run(capsys, ANA)
    assert code == 1
    assert (
        f"{ANA}:15:53: error: a suppression needs a reason, for the reviewers who read it: "
        "# rung: ignore[reuse] reason: WHY [suppression]"
    ) in out.splitlines()
    assert f'{ANA}:15:15: notice: link "https://github.com/acme/shop/pull/1"' in out
    assert "silenced" not in out


def test_an_unknown_rule_in_a_suppression_gets_a_did_you_mean(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(repo, PR_LINE, f"{PR_LINE}  # rung: ignore[resue] reason: {REASON}")
    code, out, _ = run(capsys, ANA)
    assert code == 1
    assert (
        f"{ANA}:15:53: error: no rule 'resue' to silence; did you mean 'reuse'? [suppression]"
        in out
    )


def test_a_suppression_that_silences_nothing_is_a_warning(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(
        repo, "name: Clean Example", f"name: Clean Example  # rung: ignore[reuse] reason: {REASON}"
    )
    code, out, _ = run(capsys, ANA, "--strict")
    assert code == 1
    assert (
        f"{ANA}:3:22: warning: unused suppression: no 'reuse' finding on line 3 to silence; "
        "remove it [suppression]"
    ) in out


def test_an_error_cannot_be_silenced_inline(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The candidate writes the packet: a suppression must never make an invalid packet pass."""
    edit(repo, "candidate: clean", f"candidate: clean-x  # rung: ignore[path] reason: {REASON}")
    code, out, _ = run(capsys, ANA, "--format", "json")
    assert code == 1
    assert own(out)[:2] == [(2, "error", "path"), (2, "warning", "suppression")]
    assert json.loads(out)["findings"][1]["message"] == (
        "the 'path' finding on line 2 is an error, and errors cannot be silenced inline; fix it "
        "(or the repository's rung.toml may lower the rule)"
    )
    assert "silenced" not in json.loads(out)
    # Lowered to a warning by the repository's rung.toml, the same finding can be.
    (repo / "rung.toml").write_text('[rules]\npath = "warning"\n')
    code, out, _ = run(capsys, ANA, "--format", "json", "--strict")
    assert (code, [s["rule"] for s in json.loads(out)["silenced"]]) == (0, ["path"])


def test_a_silenced_warning_does_not_fail_strict(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(
        repo,
        PR_LINE,
        "      links: [https://github.com/acme/shop/pull/]  # rung: ignore[github-link] reason: the PR was deleted",
    )
    (repo / "rung.toml").write_text('[rules]\nreuse = "off"\n')
    assert run(capsys, ANA, "--strict")[0] == 0


def test_the_body_has_no_suppressions(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """In Markdown a line starting with # is a heading, not a comment."""
    edit(repo, "## Impact", f"# rung: ignore[reuse] reason: {REASON}\n\n## Impact")
    code, out, _ = run(capsys, ANA, "--format", "json")
    assert code == 0
    assert "silenced" not in json.loads(out)
    assert [rule for _, _, rule in own(out)] == ["reuse", "reuse", "reuse"]


def test_sarif_carries_a_silenced_finding_as_suppressed_with_its_justification(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(repo, PR_LINE, f"{PR_LINE}  # rung: ignore[reuse] reason: {REASON}")
    code, out, _ = run(capsys, ANA, "--format", "sarif")
    assert code == 0
    log = json.loads(out)
    jsonschema.validate(log, SARIF_SUBSET)
    results = log["runs"][0]["results"]
    assert [r.get("suppressions") for r in results] == [
        None,
        None,
        [{"kind": "inSource", "justification": REASON}],
    ]
    assert results[2]["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 15,
        "startColumn": 15,
    }


def test_the_job_summary_and_the_log_show_what_was_silenced(
    repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """packet-check runs `rung validate --format github`: reviewers read its job summary."""
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    edit(repo, PR_LINE, f"{PR_LINE}  # rung: ignore[reuse] reason: {REASON}")
    code, out, _ = run(capsys, ANA, "--format", "github")
    assert code == 0
    assert out.splitlines()[-3:] == [
        "::group::silenced by inline suppressions (1):",
        f'  {ANA}:15:15: notice: link "https://github.com/acme/shop/pull/1" is also cited by '
        "bee (packets/2026-H2/bee.md:15:15) this cycle; shared work is fine, say what your part "
        f"in it was [reuse] reason: {REASON}",
        "::endgroup::",
    ]
    text = summary.read_text()
    assert text.startswith(
        "## rung validate\n\n2 notices.\n\n### Silenced by inline suppressions (1)\n\n"
        '- packets/2026-H2/clean.md line 15: notice: link "https://github.com/acme/shop/pull/1" '
        "is also cited by bee \\(packets/2026-H2/bee.md:15:15\\) this cycle; shared work is fine, "
        "say what your part in it was \\[reuse\\] — reason: we paired on it; my part was the API "
        "\\(@noa \\& me\\)\n\n### Clean Example"
    )
