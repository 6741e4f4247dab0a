"""A generated cycle of N packets on the acme ladder, on disk and in the fake GitHub.

Packets rotate through seven scenarios, each with the state, tallies and agenda
group rung must report for it.  Names and claims carry the text real packets
carry (``&``, quotes, ``#``, ``: ``, non-ASCII, ``@`` and ``<b>``).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from committee.conftest import serve
from cycle.fake import CycleFake

FIXTURES = Path(__file__).resolve().parents[1] / "committee" / "fixtures"
CYCLE = "2026-H2"
CRITERIA = (
    "ic-2.delivery.leads-features",
    "ic-2.delivery.plans-quarters",
    "ic-2.delivery.runs-incidents",
    "ic-2.team.mentors",
)
ROSTER_EXTRA = "    chair: true\n"


@dataclass(frozen=True)
class Expected:
    state: str
    group: str
    meets: int
    not_yet: int
    owing: dict[str, int]
    pull: int | None


def packet_text(login: str, name: str, short: bool) -> str:
    plans = (
        '    gap: "Planned Q3 with my manager & I\'ll own Q4 # not yet"\n'
        if short
        else "    - claim: 'Planned Q3: roadmap & staffing'\n"
    )
    return (
        "---\n"
        f"candidate: {login}\n"
        f'name: "{name}"\n'
        "manager: erin\n"
        "ladder: acme\n"
        "from: ic-1\n"
        "to: ic-2\n"
        f"cycle: {CYCLE}\n"
        "in_level_since: 2025-01\n"
        "evidence:\n"
        "  ic-2.delivery.leads-features:\n"
        "    - claim: Led the payouts-v2 feature — design to rollout.\n"
        "  ic-2.delivery.plans-quarters:\n"
        f"{plans}"
        "  ic-2.delivery.runs-incidents:\n"
        "    - claim: Ran the March outage review.\n"
        "    - claim: Ran the May outage review!\n"
        "  ic-2.team.mentors:\n"
        "    - claim: Mentored <b>two</b> engineers, @acme/everyone.\n"
        "---\n"
        "## Summary\n\nAsks for ic-2.\n"
    )


def key_line(text: str, criterion: str) -> int:
    return text.split("\n").index(f"  {criterion}:") + 1


SCENARIOS = ("split", "clear", "borderline", "in-review", "draft", "no-pr", "decided")


def make_repo(root: Path, count: int) -> dict[str, str]:
    """Ladder, roster (ann and bob chairs) and ``count`` packets; returns login -> scenario."""
    (root / "ladders").mkdir(parents=True)
    shutil.copy(FIXTURES / "ladders" / "acme.yaml", root / "ladders" / "acme.yaml")
    (root / ".github").mkdir()
    roster = (FIXTURES / "committee.yml").read_text(encoding="utf-8")
    roster = roster.replace("    org: payments\n", "    org: payments\n" + ROSTER_EXTRA, 1)
    (root / ".github" / "committee.yml").write_text(roster, encoding="utf-8")
    folder = root / "packets" / CYCLE
    folder.mkdir(parents=True)
    scenarios = {}
    decided = []
    for i in range(count):
        login = f"cand-{i:02d}"
        scenario = SCENARIOS[i % len(SCENARIOS)]
        name = f"Zoë O'Brien-{i:02d} & Co: #{i}"
        text = packet_text(login, name, short=scenario == "borderline")
        (folder / f"{login}.md").write_text(text, encoding="utf-8")
        scenarios[login] = scenario
        if scenario == "decided":
            decided.append(login)
    entries = "".join(
        f"  - candidate: {login}\n    outcome: promote\n    rationale: Clear on every criterion.\n"
        for login in decided
    )
    (folder / "decisions.yaml").write_text(
        f"cycle: {CYCLE}\nmeeting: 2026-07-14\ndecided_by: [ann]\n"
        + (f"decisions:\n{entries}" if entries else "decisions: []\n"),
        encoding="utf-8",
    )
    return scenarios


def _verdicts(gh: CycleFake, number: int, path: str, text: str, plan: dict[str, list[str]]) -> None:
    for login, values in plan.items():
        for criterion, value in zip(CRITERIA, values, strict=False):
            if value:
                body = f"/{value} {login} thinks so: see the HLD & the review"
                gh.add_review_comment(
                    number, login, body, path=path, line=key_line(text, criterion)
                )


def populate(gh: CycleFake, root: Path, scenarios: dict[str, str]) -> dict[str, Expected]:
    """Pull requests, reviews and verdicts for each scenario; what rung must report."""
    expected: dict[str, Expected] = {}
    for index, (login, scenario) in enumerate(sorted(scenarios.items())):
        number = 100 + index
        path = f"packets/{CYCLE}/{login}.md"
        text = (root / path).read_text(encoding="utf-8")
        created = f"2026-06-{1 + index % 28:02d}T08:00:00Z"
        if scenario == "no-pr":
            expected[login] = Expected("draft", "clear", 0, 0, {}, None)
            continue
        files = {path: text}
        if scenario == "draft":
            gh.add_cycle_pull(number, login, files, created_at=created, draft=True)
            expected[login] = Expected("draft", "clear", 0, 0, {}, number)
            continue
        if scenario == "split":
            gh.add_cycle_pull(number, login, files, created_at=created, requested=("bob", "dave"))
            # 2-to-1 splits on one or two criteria (by index), unanimous on the rest.
            splits = 1 + index % 2
            plan = {
                "bob": ["meets"] * 4,
                "dave": ["not-yet"] * splits + ["meets"] * (4 - splits),
                "ann": ["meets"] * 4,
            }
            _verdicts(gh, number, path, text, plan)
            meets = sum(v == "meets" for values in plan.values() for v in values)
            expected[login] = Expected("ready to decide", "split", meets, 12 - meets, {}, number)
            for who in ("bob", "dave", "ann"):
                gh.add_review(number, who, "COMMENTED")
            continue
        gh.add_cycle_pull(number, login, files, created_at=created, requested=("bob", "dave"))
        if scenario in ("clear", "decided"):
            _verdicts(gh, number, path, text, {"bob": ["meets"] * 4, "dave": ["meets"] * 4})
            for who in ("bob", "dave"):
                gh.add_review(number, who, "APPROVED", body="/recommend promote: clear throughout")
            state = "decided" if scenario == "decided" else "ready to decide"
            expected[login] = Expected(state, "clear", 8, 0, {}, number)
        elif scenario == "borderline":
            _verdicts(gh, number, path, text, {"bob": ["meets"] * 4, "dave": ["meets"] * 4})
            # bob and dave are still requested, but they owe no criterion.
            expected[login] = Expected("ready to decide", "borderline", 8, 0, {}, number)
        else:  # in review: bob gave two verdicts, dave none
            _verdicts(gh, number, path, text, {"bob": ["meets", "not-yet"]})
            expected[login] = Expected(
                "in review", "borderline", 1, 1, {"bob": 2, "dave": 4}, number
            )
    # A pull request that only changes the decisions file, and one of another cycle.
    gh.add_cycle_pull(
        900, "ann", {f"packets/{CYCLE}/decisions.yaml": "x"}, created_at="2026-07-15T08:00:00Z"
    )
    gh.add_cycle_pull(
        901, "zed", {"packets/2026-H1/zed.md": "x"}, created_at="2026-01-15T08:00:00Z"
    )
    return expected


@contextmanager
def cycle_world(
    root: Path, monkeypatch: pytest.MonkeyPatch, count: int
) -> Iterator[tuple[CycleFake, dict[str, Expected]]]:
    """``count`` packets of the cycle in ``root``, the working folder, and a fake GitHub
    with their pull requests that rung is pointed at; what each packet should show."""
    scenarios = make_repo(root, count)
    monkeypatch.chdir(root)
    with CycleFake() as gh:
        serve(gh, monkeypatch)
        yield gh, populate(gh, root, scenarios)
