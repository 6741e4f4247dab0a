"""``rung doctor`` against the fake GitHub: a repository set up as docs/github-setup.md
says passes every check; each missing setting is reported with exit 1; a setting
this token cannot read is "unknown", never a pass."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import fakeopenapi
from fakegithub import FakeGitHub
from paths import REPO
from rung.cli import main

APP_ID = 987654  # the App's id, as an admin puts it in before importing
SETTINGS_PATHS = ("/environments/", "/rules/", "/rulesets/")


def ruleset(name: str) -> dict[str, Any]:
    body: dict[str, Any] = json.loads((REPO / "docs/rulesets" / name).read_text(encoding="utf-8"))
    for actor in body["bypass_actors"]:
        actor["actor_id"] = APP_ID
    return body


def set_up_as_documented(gh: FakeGitHub) -> None:
    gh.add_environment("rung", branches=["main"])
    gh.import_ruleset(ruleset("default-branch.json"))
    gh.import_ruleset(ruleset("record-ref.json"))
    gh.add_content(".github/CODEOWNERS", (REPO / ".github/CODEOWNERS").read_bytes(), "main")


@pytest.fixture
def gh(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[FakeGitHub]:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("RUNG_RECORD_REF", raising=False)
    with FakeGitHub() as fake:
        for name, value in fake.env().items():
            monkeypatch.setenv(name, value)
        set_up_as_documented(fake)
        yield fake
        # Every answer the settings routes gave has GitHub's documented shape.
        for call in fake.requests:
            if call.path == "/repos/acme/promotions" or any(p in call.path for p in SETTINGS_PATHS):
                problems = fakeopenapi.response_problems(
                    call.method, call.path, call.status, call.response
                )
                assert problems == [], call.path


def doctor(
    capsys: pytest.CaptureFixture[str], *argv: str
) -> tuple[int, dict[str, tuple[str, str]], str]:
    """Exit code, {check's first words: (state, detail)} from --format json, stderr."""
    code = main(["doctor", "--format", "json", *argv])
    out, err = capsys.readouterr()
    rows = json.loads(out)["checks"]
    return code, {" ".join(r["check"].split()[:3]): (r["state"], r["detail"]) for r in rows}, err


ENV, DEFAULT, OWNERS, RECORD = (
    "the `rung` environment",
    "a change to",
    "CODEOWNERS owns everything",
    "the record's ref",
)


def states(checks: dict[str, tuple[str, str]]) -> dict[str, str]:
    return {name: state for name, (state, _) in checks.items()}


def test_a_repository_set_up_as_documented_passes_every_check(
    gh: FakeGitHub, capsys: pytest.CaptureFixture[str]
) -> None:
    code, checks, err = doctor(capsys)
    assert states(checks) == dict.fromkeys((ENV, DEFAULT, OWNERS, RECORD), "holds")
    assert code == 0 and err == ""
    assert (
        checks[RECORD][1]
        == "creation, update, deletion, non_fast_forward restricted; bypass: the App only"
    )
    assert checks[OWNERS][1].startswith(".github/CODEOWNERS on main owns all ")


def test_the_text_report_says_each_state(
    gh: FakeGitHub, capsys: pytest.CaptureFixture[str]
) -> None:
    gh.environments.clear()
    assert main(["doctor"]) == 1
    out, err = capsys.readouterr()
    assert out.splitlines()[0] == "rung doctor: acme/promotions (default branch main)"
    assert "FAIL the `rung` environment admits the default branch (main) only: does not hold" in out
    assert "ok   CODEOWNERS owns everything the privileged workflows trust: holds" in out
    assert err == "rung: 1 of 4 settings not shown to hold\n"


@pytest.mark.parametrize(
    ("change", "check", "detail"),
    [
        (lambda gh: gh.environments.clear(), ENV, "there is no environment `rung`"),
        (lambda gh: gh.add_environment("rung"), ENV, "deployment branches are not restricted"),
        (lambda gh: gh.add_environment("rung", protected=True), ENV, "'Protected branches'"),
        (
            lambda gh: gh.add_environment("rung", branches=["main", "release/*"]),
            ENV,
            "also admitted: branch release/*",
        ),
        (lambda gh: gh.add_environment("rung", branches=["ma*"]), ENV, "not exactly main"),
        (lambda gh: gh.rulesets.pop(42), DEFAULT, "no pull request required"),
        (
            lambda gh: gh.rulesets[42]["rules"][2]["parameters"].update(
                require_code_owner_review=False
            ),
            DEFAULT,
            "require_code_owner_review is not set",
        ),
        (
            lambda gh: gh.rulesets[42]["rules"][2]["parameters"].update(
                dismiss_stale_reviews_on_push=False
            ),
            DEFAULT,
            "dismiss_stale_reviews_on_push is not set",
        ),
        (
            lambda gh: gh.rulesets[42]["rules"][2]["parameters"].update(
                require_last_push_approval=False
            ),
            DEFAULT,
            "require_last_push_approval is not set",
        ),
        (lambda gh: gh.rulesets[42]["rules"].pop(1), DEFAULT, "non_fast_forward is not blocked"),
        (
            lambda gh: gh.rulesets[42]["rules"].pop(3),
            DEFAULT,
            "packet-check / packet-check is not a required status check",
        ),
        (
            lambda gh: gh.rulesets[42].update(enforcement="evaluate"),
            DEFAULT,
            "no pull request required",
        ),
        (
            lambda gh: gh.rulesets.pop(43),
            RECORD,
            "restricts creation, update, deletion, non_fast_forward",
        ),
        (lambda gh: gh.rulesets[43]["rules"].pop(1), RECORD, "restricts update;"),
        (
            lambda gh: gh.rulesets[43]["bypass_actors"].append(
                {"actor_id": 5, "actor_type": "RepositoryRole", "bypass_mode": "always"}
            ),
            RECORD,
            "also: RepositoryRole 5",
        ),
        (lambda gh: gh.rulesets[43]["bypass_actors"].clear(), RECORD, "there is none"),
        (
            lambda gh: gh.contents.pop(("main", ".github/CODEOWNERS")),
            OWNERS,
            "no CODEOWNERS on main",
        ),
        (
            lambda gh: gh.add_content(
                ".github/CODEOWNERS", "/packets/*/decisions.yaml @noa\n", "main"
            ),
            OWNERS,
            "names no owner for: .github/CODEOWNERS, .github/committee.yml",
        ),
        (
            lambda gh: gh.add_content(".github/CODEOWNERS", "* @noa\n/tooling/rung/\n", "main"),
            OWNERS,
            "tooling/rung/cli.py (line 2: '/tooling/rung/' names no owner)",
        ),
    ],
)
def test_each_missing_setting_is_reported(
    gh: FakeGitHub, capsys: pytest.CaptureFixture[str], change: Any, check: str, detail: str
) -> None:
    change(gh)
    code, checks, err = doctor(capsys)
    assert code == 1
    state, said = checks.pop(check)
    assert state == "does not hold" and detail in said
    assert set(states(checks).values()) == {"holds"}  # the others still hold
    assert "not shown to hold" in err


def test_codeowners_elsewhere_is_found_where_github_looks(
    gh: FakeGitHub, capsys: pytest.CaptureFixture[str]
) -> None:
    text = gh.contents.pop(("main", ".github/CODEOWNERS"))
    gh.add_content("docs/CODEOWNERS", text, "main")
    code, checks, _ = doctor(capsys)
    assert code == 0 and checks[OWNERS][1].startswith("docs/CODEOWNERS on main")


def test_a_token_without_admin_rights_cannot_say_who_may_bypass(
    gh: FakeGitHub, capsys: pytest.CaptureFixture[str]
) -> None:
    gh.admin = False  # GitHub leaves bypass_actors out for such a token
    code, checks, _ = doctor(capsys)
    assert code == 1
    assert checks[RECORD] == (
        "unknown",
        "the rules are in place; cannot read who may bypass them with this token (needs admin "
        "on the repository, which GitHub requires to show a ruleset's bypass list)",
    )
    assert states(checks)[ENV] == "holds"


@pytest.mark.parametrize(
    ("prefix", "check", "needs"),
    [
        ("/environments/", ENV, "Environments: read"),
        ("/rules/", DEFAULT, "Metadata: read"),
        ("/contents/", OWNERS, "Contents: read"),
        ("/rulesets/", RECORD, "admin on the repository"),
    ],
)
def test_a_setting_the_token_cannot_read_is_unknown(
    gh: FakeGitHub, capsys: pytest.CaptureFixture[str], prefix: str, check: str, needs: str
) -> None:
    gh.forbid(prefix)
    code, checks, _ = doctor(capsys)
    assert code == 1
    state, said = checks[check]
    assert state == "unknown"
    assert said.startswith(
        "cannot read with this token (GitHub answered 403 Resource not accessible"
    )
    assert needs in said


def test_a_renamed_record_ref_is_the_one_checked(
    gh: FakeGitHub, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RUNG_RECORD_REF", "promotion-record")
    code, checks, _ = doctor(capsys)
    assert code == 1
    assert checks[RECORD][0] == "does not hold"
    assert "no active rule for refs/heads/promotion-record restricts" in checks[RECORD][1]
    assert gh.calls("GET", "/repos/acme/promotions/rules/branches/promotion-record")


def test_no_token_is_a_configuration_error(
    gh: FakeGitHub, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("GITHUB_TOKEN")
    assert main(["doctor"]) == 2
    assert "GITHUB_TOKEN is not set" in capsys.readouterr().err


def test_an_unreadable_repository_is_a_configuration_error(
    gh: FakeGitHub, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["doctor", "--repo", "acme/elsewhere"]) == 2
    assert "cannot read the repository acme/elsewhere (404 Not Found)" in capsys.readouterr().err


def test_the_setup_guides_example_is_what_rung_doctor_prints(
    gh: FakeGitHub, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (REPO / "docs/github-setup.md").read_text(encoding="utf-8")
    example = text.split("```console\n", 1)[1].split("```", 1)[0]
    assert main(["doctor"]) == 0
    assert capsys.readouterr().out == example.split("\n", 1)[1]  # after the $ line


def test_a_codeowners_that_is_not_text_fails_and_is_not_skipped(
    gh: FakeGitHub, capsys: pytest.CaptureFixture[str]
) -> None:
    """GitHub uses the first CODEOWNERS it finds; a broken one is not passed over."""
    gh.add_content(".github/CODEOWNERS", b"\xff\xfe* @noa\n", "main")
    gh.add_content("CODEOWNERS", (REPO / ".github/CODEOWNERS").read_bytes(), "main")
    code, checks, _ = doctor(capsys)
    assert code == 1
    assert checks[OWNERS] == ("does not hold", ".github/CODEOWNERS on main is not UTF-8 text")


def test_what_github_says_cannot_start_a_workflow_command(
    gh: FakeGitHub, capsys: pytest.CaptureFixture[str]
) -> None:
    gh.add_environment("rung", branches=["main", "x\n::error::forged"])
    assert main(["doctor"]) == 1
    out = capsys.readouterr().out
    assert "also admitted: branch x\\x0a::error::forged" in out
    assert not any(line.startswith("::") for line in out.splitlines())
