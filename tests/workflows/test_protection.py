"""What the privileged workflows trust on the default branch is protected as shipped.

packet-review (with the App's key) and the cycle-* workflows run the default
branch's copy of themselves and of rung.  So the shipped CODEOWNERS must own every
file they read from the checkout, and the shipped rulesets (docs/rulesets/*.json,
imported by an admin) must make code-owner review required, and keep the record's
ref for the App alone.
"""

from __future__ import annotations

import json
import re
import shlex
import tomllib
from pathlib import Path
from typing import Any

import pytest

import fakeopenapi
from paths import REPO
from rung.loaders.codeowners import parse
from rung.model.trusted import TRUSTED_PATHS
from workflows.ghexpr import interpolate
from workflows.hardening import PRIVILEGED_TRIGGERS, steps_of, triggers
from workflows.wfload import WORKFLOWS_DIR, called_path, load, load_caller

RULESETS = REPO / "docs" / "rulesets"
SETUP = REPO / "docs" / "github-setup.md"
CODEOWNERS = parse((REPO / ".github" / "CODEOWNERS").read_text(encoding="utf-8"))
# Triggers whose run is the default branch's copy: what such a workflow reads is trusted.
DEFAULT_BRANCH_TRIGGERS = PRIVILEGED_TRIGGERS | {"push", "schedule", "workflow_dispatch"}


def _privileged_workflows() -> list[Path]:
    found = []
    for path in sorted(WORKFLOWS_DIR.glob("*.yml")):
        on = set(triggers(load(path)))
        if on & DEFAULT_BRANCH_TRIGGERS and not on & {"pull_request", "pull_request_review"}:
            found.append(path)
    return found


def _files_under(folder: str) -> list[str]:
    return sorted(
        p.relative_to(REPO).as_posix()
        for p in (REPO / folder).rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    )


def _read_by(path: Path) -> set[str]:
    """The repository files one privileged workflow reads from its checkout: itself,
    what ``pip install`` reads (``-r`` files, and ``.``: pyproject.toml and the package
    folder it names), a setup step's ``cache-dependency-path``; and the reusable
    workflow it calls, with this repository's own inputs (rung from the checkout)."""
    read = {path.relative_to(REPO).as_posix()}
    data = load_caller(path)
    if "_call" in data:
        read.add(called_path(str(data["_call"]["uses"])).relative_to(REPO).as_posix())
    context = {
        "inputs": {
            k: str(s.get("default", "")) for k, s in data.get("_call", {}).get("inputs", {}).items()
        }
    }
    for _, step in steps_of(data):
        source = interpolate(str((step.get("env") or {}).get("RUNG_SOURCE", ".")), context)
        cache = (step.get("with") or {}).get("cache-dependency-path")
        if cache:
            read.add(interpolate(str(cache), context))
        script = str(step.get("run") or "").replace("\\\n", " ")  # continuation lines
        script = script.replace('"$RUNG_SOURCE/', f'"{source}/').replace('"$RUNG_SOURCE"', source)
        for line in script.splitlines():
            words = shlex.split(line, comments=True)
            if "pip" not in words or "install" not in words:
                continue
            read |= {
                words[i + 1].removeprefix("./") for i, word in enumerate(words[:-1]) if word == "-r"
            }
            if "." in words[words.index("install") :]:
                project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
                read.add("pyproject.toml")
                for where in project["tool"]["setuptools"]["packages"]["find"]["where"]:
                    read |= set(_files_under(where))
    return read


def _trusted_files() -> set[str]:
    """Every file of this repository the privileged side reads from the default branch."""
    read: set[str] = set()
    for path in _privileged_workflows():
        read |= _read_by(path)
    # What rung reads there: the roster, the ladders, the templates, the decisions.
    read |= {".github/committee.yml", *_files_under("ladders"), *_files_under("templates")}
    read |= {p.relative_to(REPO).as_posix() for p in REPO.glob("packets/*/decisions.yaml")}
    read |= set(_files_under(".github"))
    return read


def test_the_privileged_workflows_are_found() -> None:
    names = {p.stem for p in _privileged_workflows()}
    assert {
        "packet-review",
        "cycle-bundle",
        "cycle-decisions",
        "cycle-reveal",
        "cycle-status",
    } <= names
    assert "packet-check" not in names and "packet-review-trigger" not in names
    read = _read_by(WORKFLOWS_DIR / "packet-review.yml")
    assert {"requirements/runtime.txt", "pyproject.toml", "tooling/rung/cli.py"} <= read


def test_codeowners_owns_every_file_the_privileged_workflows_read() -> None:
    files = _trusted_files()
    assert len(files) > 100  # rung's whole package is among them
    unowned = sorted(f for f in files if not CODEOWNERS.owners_of(f))
    assert unowned == []
    assert CODEOWNERS.skipped == ()


def test_codeowners_owns_what_rung_doctor_checks() -> None:
    assert [p for p in TRUSTED_PATHS if not CODEOWNERS.owners_of(p)] == []


def test_rung_doctor_checks_a_path_in_every_trusted_folder() -> None:
    """Doctor's list cannot drift from what the workflows read: every trusted file
    has a stand-in in its folder (or is on the list itself)."""

    def folder(path: str) -> str:
        return path.rsplit("/", 1)[0] if "/" in path else path

    stood_for = {folder(p) for p in TRUSTED_PATHS} | set(TRUSTED_PATHS)
    missing = sorted(
        f for f in _trusted_files() if f not in stood_for and folder(f).split("/")[0] not in
        {s.split("/")[0] for s in stood_for}
    )  # fmt: skip
    assert missing == []


def test_packets_stay_the_candidates_own() -> None:
    assert CODEOWNERS.owners_of("packets/2026-H2/dana-levi.md") == ()
    assert CODEOWNERS.owners_of("packets/2026-H2/decisions.yaml") == ("@noa-shapiro", "@rgolan")


# --- the matcher: GitHub's documented examples ----------------------------------------

GITHUB_EXAMPLE = """\
# comment
*       @global-owner1 @global-owner2
*.js    @js-owner #This is an inline comment.
*.go docs@example.com
/build/logs/ @doctocat
docs/*  docs@example.com
apps/ @octocat
/docs/ @doctocat
/scripts/ @doctocat @octocat
**/logs @octocat
/apps/ @octocat
/apps/github
/un\\#usual @team/name
/a#b @hash-inside
"""


@pytest.mark.parametrize(
    ("path", "owners"),
    [
        ("README.md", ("@global-owner1", "@global-owner2")),
        ("src/app.js", ("@js-owner",)),
        ("main.go", ("docs@example.com",)),
        ("build/logs/today.txt", ("@octocat",)),  # **/logs is later and matches too
        ("docs/getting-started.md", ("@doctocat",)),  # /docs/ is later than docs/*
        ("deeply/nested/logs/x", ("@octocat",)),
        ("scripts/build/run.sh", ("@doctocat", "@octocat")),
        ("apps/web/index.html", ("@octocat",)),
        ("apps/github/index.html", ()),  # the ownerless line un-owns
        ("apps/github", ()),
        ("un#usual", ("@team/name",)),
        ("a#b", ("@hash-inside",)),
    ],
)
def test_githubs_examples(path: str, owners: tuple[str, ...]) -> None:
    assert parse(GITHUB_EXAMPLE).owners_of(path) == owners


@pytest.mark.parametrize(
    ("pattern", "path", "matches"),
    [
        ("docs/*", "docs/a.md", True),
        ("docs/*", "docs/build/a.md", False),  # GitHub: not further nested files
        ("/ladders/*.yaml", "ladders/ic.yaml", True),
        ("/ladders/*.yaml", "ladders/eng/ic.yaml", False),
        ("/tooling/", "tooling/rung/cli.py", True),
        ("/tooling/", "x/tooling/rung/cli.py", False),
        ("tooling/", "x/tooling/rung/cli.py", True),
        ("/pyproject.toml", "pyproject.toml", True),
        ("/pyproject.toml", "sub/pyproject.toml", False),
        ("pyproject.toml", "sub/pyproject.toml", True),
        ("/packets/*/decisions.yaml", "packets/2026-H2/decisions.yaml", True),
        ("/packets/*/decisions.yaml", "packets/2026-H2/a/decisions.yaml", False),
        ("/a/**/b", "a/x/y/b", True),
        ("/a/**/b", "a/b", True),
        ("/a/**", "a/x/y", True),
        ("/.github", ".github/workflows/x.yml", True),
        ("?.txt", "a.txt", True),
        ("?.txt", "ab.txt", False),
    ],
)
def test_gitignore_matching(pattern: str, path: str, matches: bool) -> None:
    assert bool(parse(f"{pattern} @o").owners_of(path)) is matches


def test_lines_github_ignores_are_skipped_and_said() -> None:
    found = parse("* @a\n!/tooling/ @b\n/t[ab]/ @c\n/x/ not-an-owner\n")
    assert [r.pattern for r in found.rules] == ["*"]
    assert [line for line, _ in found.skipped] == [2, 3, 4]
    assert found.owners_of("tooling/x") == ("@a",)


# --- the rulesets ---------------------------------------------------------------------


def _ruleset(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((RULESETS / name).read_text(encoding="utf-8"))
    return data


def _rules(ruleset: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {rule["type"]: rule.get("parameters", {}) for rule in ruleset["rules"]}


@pytest.mark.parametrize("name", ["default-branch.json", "record-ref.json"])
def test_each_ruleset_is_a_body_github_accepts(name: str) -> None:
    """The body of ``repos/create-repo-ruleset`` (what *Import a ruleset* takes)."""
    found = fakeopenapi.operation("POST", "/repos/acme/promotions/rulesets")
    assert found is not None
    _, described = found
    assert described["operationId"] == "repos/create-repo-ruleset"
    assert (
        fakeopenapi.request_problems("POST", "/repos/acme/promotions/rulesets", {}, _ruleset(name))
        == []
    )
    # A wrong value is caught, so the check above is not vacuous.
    broken = {**_ruleset(name), "enforcement": "sometimes"}
    assert fakeopenapi.request_problems("POST", "/repos/acme/promotions/rulesets", {}, broken)


def test_every_shipped_ruleset_is_tested() -> None:
    assert sorted(p.name for p in RULESETS.glob("*.json")) == [
        "default-branch.json",
        "record-ref.json",
    ]


def test_the_default_branch_needs_a_code_owners_review_of_the_last_push() -> None:
    ruleset = _ruleset("default-branch.json")
    assert ruleset["enforcement"] == "active" and ruleset["bypass_actors"] == []
    assert ruleset["conditions"]["ref_name"]["include"] == ["~DEFAULT_BRANCH"]
    rules = _rules(ruleset)
    assert {"deletion", "non_fast_forward", "pull_request", "required_status_checks"} <= set(rules)
    review = rules["pull_request"]
    assert review["require_code_owner_review"] is True
    assert review["dismiss_stale_reviews_on_push"] is True
    assert review["require_last_push_approval"] is True
    assert review["required_approving_review_count"] >= 1
    [check] = rules["required_status_checks"]["required_status_checks"]
    assert check == {
        "context": "packet-check / packet-check",
        "integration_id": 15368,
    }  # GitHub Actions


def test_the_record_ref_is_the_apps_alone() -> None:
    ruleset = _ruleset("record-ref.json")
    assert ruleset["enforcement"] == "active"
    assert ruleset["conditions"]["ref_name"]["include"] == ["refs/heads/rung-record"]
    assert {"creation", "update", "deletion", "non_fast_forward"} <= set(_rules(ruleset))
    assert _rules(ruleset)["update"] == {"update_allows_fetch_and_merge": False}
    [actor] = ruleset["bypass_actors"]
    assert actor["actor_type"] == "Integration" and actor["bypass_mode"] == "always"


# --- the setup guide ------------------------------------------------------------------


def test_the_setup_guide_requires_code_owner_review_and_shows_both_rulesets() -> None:
    text = SETUP.read_text(encoding="utf-8")
    assert not re.search(r"(?i)optional(ly)?[^.\n]*code ?owner|code ?owner[^.\n]*optional", text)
    for name in ("default-branch.json", "record-ref.json"):
        shown = re.search(rf"`docs/rulesets/{name}`:?\n\n```json\n(.*?)```", text, re.S)
        assert shown is not None, name
        assert json.loads(shown.group(1)) == _ruleset(name)
    assert "rung doctor" in text
