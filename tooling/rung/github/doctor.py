"""``rung doctor``'s checks: does each setting docs/security.md rests on hold?

One check per setting, each read through :class:`SettingsReader`.  A check
*holds*, *does not hold* (and says what to change), or is *unknown*: GitHub
refused to show the setting to this token (403, 404 on something that must
exist, or a field GitHub hides from non-admins).  Unknown is never a pass.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from enum import Enum
from typing import Any

from rung.github.settings import Answer, SettingsReader
from rung.loaders.codeowners import LOCATIONS, parse
from rung.model.trusted import TRUSTED_PATHS

# A reusable workflow's job reports as "<calling job> / <called job>".
REQUIRED_CHECK = "packet-check / packet-check"
RECORD_RULES = ("creation", "update", "deletion", "non_fast_forward")
REVIEW_FLAGS = ("require_code_owner_review", "dismiss_stale_reviews_on_push",
                "require_last_push_approval")  # fmt: skip
SETUP = "docs/github-setup.md"


class State(Enum):
    HOLDS = "holds"
    FAILS = "does not hold"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Check:
    name: str  # the guarantee, as docs/security.md words the setting
    state: State
    detail: str


def unknown(name: str, answer: Answer, needs: str) -> Check:
    said = f"GitHub answered {answer.status}" + (f" {answer.message}" if answer.message else "")
    return Check(name, State.UNKNOWN, f"cannot read with this token ({said}; needs {needs})")


# --- (a) the environment ----------------------------------------------------------------

ENV_NEEDS = "read access to the repository's environments: Environments: read, or classic 'repo'"


def environment(reader: SettingsReader, name: str, default: str) -> Check:
    """(a) Only the default branch's jobs may use the environment holding the App's key."""
    title = f"the `{name}` environment admits the default branch ({default}) only"
    answer = reader.environment(name)
    if answer.status == 404:
        # The repository itself was readable, so 404 means there is no such environment.
        return Check(title, State.FAILS, f"there is no environment `{name}`; create it "
                     f"({SETUP} section 6): its secrets are then readable only by jobs it admits")  # fmt: skip
    if not answer.ok:
        return unknown(title, answer, ENV_NEEDS)
    policy = answer.data.get("deployment_branch_policy") if isinstance(answer.data, dict) else None
    if not isinstance(policy, dict):
        return Check(title, State.FAILS, "deployment branches are not restricted: a workflow on "
                     f"any branch may use it; choose Selected branches and only {default}")  # fmt: skip
    if policy.get("protected_branches"):
        return Check(title, State.FAILS, "deployment branches are 'Protected branches': every "
                     f"protected branch may use it; choose Selected branches and only {default}")  # fmt: skip
    policies = reader.branch_policies(name)
    if not policies.ok:
        return unknown(title, policies, ENV_NEEDS)
    names = [(str(p.get("name")), str(p.get("type") or "branch")) for p in policies.data]
    others = sorted(f"{kind} {n}" for n, kind in names if (n, kind) != (default, "branch"))
    if others or (default, "branch") not in names:
        also = f"; also admitted: {', '.join(others)}" if others else ""
        return Check(title, State.FAILS, f"the selected branches are not exactly {default}{also}")
    return Check(title, State.HOLDS, f"deployment branches: {default} only")


# --- (b), (c) rulesets ------------------------------------------------------------------

RULES_NEEDS = "read access to the repository (Metadata: read)"
BYPASS_NEEDS = "admin on the repository, which GitHub requires to show a ruleset's bypass list"


def record_ref(reader: SettingsReader, ref: str) -> Check:
    """(b) The record's ref cannot be created, moved or deleted but by an App."""
    title = f"the record's ref `{ref}` only the App may create, move or delete"
    answer = reader.branch_rules(ref)
    if not answer.ok:
        return unknown(title, answer, RULES_NEEDS)
    rules = [r for r in answer.data if isinstance(r, dict)]
    missing = [kind for kind in RECORD_RULES if kind not in {r.get("type") for r in rules}]
    if missing:
        return Check(title, State.FAILS, f"no active rule for refs/heads/{ref} restricts "
                     f"{', '.join(missing)}; import docs/rulesets/record-ref.json ({SETUP} section 3)")  # fmt: skip
    ids = sorted({r["ruleset_id"] for r in rules if isinstance(r.get("ruleset_id"), int)})
    actors: list[dict[str, Any]] = []
    for ruleset_id in ids:
        found = reader.ruleset(ruleset_id)
        if not found.ok:
            return unknown(title, found, BYPASS_NEEDS)
        if not isinstance(found.data, dict) or "bypass_actors" not in found.data:
            return Check(title, State.UNKNOWN, "the rules are in place; cannot read who may "
                         f"bypass them with this token (needs {BYPASS_NEEDS})")  # fmt: skip
        actors += [a for a in found.data["bypass_actors"] or [] if isinstance(a, dict)]
    others = [a for a in actors if a.get("actor_type") != "Integration"]
    if others or not actors:
        who = ", ".join(f"{a.get('actor_type')} {a.get('actor_id')}" for a in others)
        return Check(title, State.FAILS, "the App must be the only bypass actor; "
                     + (f"also: {who}" if others else "there is none, so the App cannot write"))  # fmt: skip
    return Check(title, State.HOLDS, f"{', '.join(RECORD_RULES)} restricted; bypass: the App only")


def default_branch(reader: SettingsReader, default: str) -> Check:
    """(c) A change reaches the default branch only through a reviewed pull request."""
    title = (
        f"a change to the default branch ({default}) needs a code owner's review of its last push"
    )
    answer = reader.branch_rules(default)
    if not answer.ok:
        return unknown(title, answer, RULES_NEEDS)
    rules = [r for r in answer.data if isinstance(r, dict)]
    # Rules from several rulesets add up: each flag holds if any ruleset sets it.
    reviews = [r.get("parameters") or {} for r in rules if r.get("type") == "pull_request"]
    wrong = [] if reviews else ["no pull request required"]
    wrong += [f"{flag} is not set" for flag in REVIEW_FLAGS
              if reviews and not any(p.get(flag) is True for p in reviews)]  # fmt: skip
    if reviews and max(int(p.get("required_approving_review_count") or 0) for p in reviews) < 1:
        wrong.append("no approval required")
    types = {r.get("type") for r in rules}
    wrong += [
        f"{kind} is not blocked" for kind in ("non_fast_forward", "deletion") if kind not in types
    ]
    checks = [c for r in rules if r.get("type") == "required_status_checks"
              for c in (r.get("parameters") or {}).get("required_status_checks") or []]  # fmt: skip
    if not any(isinstance(c, dict) and c.get("context") == REQUIRED_CHECK for c in checks):
        wrong.append(f"{REQUIRED_CHECK} is not a required status check")
    if wrong:
        return Check(title, State.FAILS, "; ".join(wrong) + "; import "
                     f"docs/rulesets/default-branch.json ({SETUP} section 3)")  # fmt: skip
    return Check(title, State.HOLDS, "pull request, code-owner review, stale approvals "
                 f"dismissed, last push approved, {REQUIRED_CHECK} required, no force push or deletion")  # fmt: skip


# --- (d) CODEOWNERS ---------------------------------------------------------------------

CONTENTS_NEEDS = "Contents: read"


def codeowners(
    reader: SettingsReader, default: str, trusted: Collection[str] = TRUSTED_PATHS
) -> Check:
    """(d) The review required in (c) includes a code owner for every trusted path."""
    title = "CODEOWNERS owns everything the privileged workflows trust"
    for location in LOCATIONS:  # GitHub uses the first that exists
        answer = reader.file(location, default)
        if answer.ok:
            break
        if answer.status != 404:
            return unknown(title, answer, CONTENTS_NEEDS)
    else:
        return Check(title, State.FAILS, f"no CODEOWNERS on {default} (.github/CODEOWNERS, "
                     f"CODEOWNERS or docs/CODEOWNERS); see {SETUP} section 3")  # fmt: skip
    if answer.data is None:
        return Check(title, State.FAILS, f"{location} on {default} is {answer.message}")
    owners = parse(answer.data)
    unowned = [path for path in trusted if not owners.owners_of(path)]
    if unowned:
        why = [f"{p} (line {r.line}: '{r.pattern}' names no owner)"
               if (r := owners.rule_for(p)) is not None else p for p in unowned]  # fmt: skip
        skipped = "".join(f"; line {line} ignored: {w}" for line, w in owners.skipped)
        return Check(title, State.FAILS, f"{location} on {default} names no owner for: "
                     f"{', '.join(why)}{skipped}")  # fmt: skip
    return Check(
        title, State.HOLDS, f"{location} on {default} owns all {len(trusted)} trusted paths"
    )


def run_checks(
    reader: SettingsReader, environment_name: str, record: str
) -> tuple[str, list[Check]]:
    """The default branch and every check, in docs/security.md's order."""
    default = str(reader.repository().get("default_branch") or "main")
    return default, [
        environment(reader, environment_name, default),
        default_branch(reader, default),
        codeowners(reader, default),
        record_ref(reader, record),
    ]
