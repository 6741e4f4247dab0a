"""The files of a new promotion repository, as text by path (pure: nothing is written here).

Every file is the smallest one that validates clean and works: the roster
names the chairs (who can review every level, since they sit at each ladder's
top), CODEOWNERS gives them every path the privileged side trusts
(``model/trusted.py``), the people file starts empty (a packet's manager is then
the packet's word until the organisation records who manages whom).
"""

from __future__ import annotations

from importlib import resources

from rung.init.callers import Pin, callers
from rung.ladder.model import Ladder
from rung.model.people import PEOPLE_FILE
from rung.model.repo import COMMITTEE_FILE, CONFIG_FILE, LADDERS_DIR, PACKETS_DIR

STARTER_ID = "engineering"
RULESETS_DIR = ".github/rulesets"
# A cycle folder git keeps while it holds no packet yet (rung reads only *.md there).
KEEP = ".gitkeep"

STARTER_LADDER = f"""\
# A starter ladder: replace its levels and criteria with your organisation's own
# (`rung ladder import YOUR-DOCUMENT.md --out ladders/{STARTER_ID}.yaml`), then
# `rung ladder check`.  docs/ladders.md describes every field.
id: {STARTER_ID}
name: Engineering ladder
source: the starter ladder of `rung init`
cumulative: false
tracks:
  - id: ic
    name: Individual contributor
    entry: ic-1
policy:
  max_gaps: 1
  required_sections: [Summary]
levels:
  - id: ic-1
    track: ic
    rank: 1
    title: Engineer
    areas:
      - id: delivery
        name: Delivery
        criteria:
          - id: ic-1.delivery.ships-changes
            text: Ships well-tested changes to a part of the system with guidance.
  - id: ic-2
    track: ic
    rank: 2
    title: Senior engineer
    areas:
      - id: delivery
        name: Delivery
        criteria:
          - id: ic-2.delivery.leads-features
            text: Leads features from design to rollout.
      - id: team
        name: Team
        criteria:
          - id: ic-2.team.mentors
            text: Mentors newer engineers.
  - id: ic-3
    track: ic
    rank: 3
    title: Staff engineer
    areas:
      - id: direction
        name: Direction
        criteria:
          - id: ic-3.direction.sets-direction
            text: Sets technical direction across teams.
"""


def top_levels(ladders: dict[str, Ladder]) -> dict[str, str]:
    """Each ladder's highest level (by rank; the first track on a tie): where a chair sits."""
    return {
        ladder_id: max(ladder.levels, key=lambda level: level.rank).id
        for ladder_id, ladder in sorted(ladders.items())
    }


def roster(chairs: list[str], levels: dict[str, str]) -> str:
    pairs = ", ".join(f"{ladder}: {level}" for ladder, level in levels.items())
    members = "".join(
        f"  - login: {login}\n    levels: {{{pairs}}}\n    chair: true\n" for login in chairs
    )
    return (
        "# The calibration committee: who may review promotion packets, at which level.\n"
        "# Format, eligibility and assignment: docs/committee.md.  Add your reviewers\n"
        "# here (each with their level on each ladder); chairs also own CODEOWNERS.\n"
        f"reviewers_per_packet: {min(3, len(chairs))}\n"
        "exclude_manager: true\n"
        "max_open_reviews: 4\n\n"
        f"members:\n{members}"
    )


PEOPLE = """\
# Who manages whom: once someone is listed, a packet naming another manager is an
# error, and the privileged side routes with this file's manager (docs/committee.md).
managers: {}
"""


def codeowners(chairs: list[str]) -> str:
    owners = " ".join(f"@{login}" for login in chairs)
    # tooling/, requirements/ and pyproject.toml hold nothing yet (rung comes from the
    # pinned commit), but the privileged side would trust them if they appeared.
    paths = ("/.github/", "/ladders/", "/templates/", "/tooling/", "/requirements/",
             "/pyproject.toml", f"/{CONFIG_FILE}", f"/{PACKETS_DIR}/*/decisions.yaml",
             f"/{COMMITTEE_FILE}")  # fmt: skip
    return (
        "# Who must approve changes, by path; GitHub enforces it with code-owner review\n"
        f"# required in the default branch's ruleset ({RULESETS_DIR}/default-branch.json).\n"
        "# The privileged workflows read all of these from the default branch.  GitHub\n"
        "# applies the LAST matching line, and a line without owners un-owns: keep owners\n"
        "# on every line.  Packets are the candidates' own and need no code owner.\n"
        + "".join(f"{path} {owners}\n" for path in paths)
    )


RUNG_TOML = """\
# Marks the root of this promotion repository for rung (ladders/, packets/,
# .github/committee.yml live beside it).
"""


def readme(org: str, cycle: str, ladder_ids: list[str], pin: Pin) -> str:
    ladders = ", ".join(f"`{LADDERS_DIR}/{i}.yaml`" for i in ladder_ids)
    return f"""\
# {org} promotions

Promotion packets for {org}, checked and routed by rung
({pin.repository} at `{pin.sha[:12]}`).  Ladders: {ladders}.

## Write a packet

```sh
rung new --ladder {(ladder_ids or ["LADDER"])[0]} --from LEVEL --to LEVEL --candidate LOGIN \\
  --name "Your Name" --manager MANAGER --cycle {cycle}
rung validate packets/{cycle}/LOGIN.md
```

Open a pull request with the packet: packet-check validates and renders it, and
packet-review asks the committee ({COMMITTEE_FILE}) for reviews.

## Upgrade rung

The workflows in `.github/workflows/` call rung's reusable workflows at one
commit: change that commit (in `uses:` and `rung-ref:` alike) in a reviewed pull
request.
"""


def _packaged(folder: str) -> dict[str, str]:
    here = resources.files("rung.init") / "files" / folder
    return {entry.name: entry.read_text(encoding="utf-8") for entry in here.iterdir()
            if entry.is_file()}  # fmt: skip


def repository_files(
    *,
    org: str,
    chairs: list[str],
    cycle: str,
    ladders: dict[str, Ladder],
    pin: Pin,
) -> dict[str, str]:
    """Every file ``rung init`` writes but the ladders, by path in the repository."""
    files = {
        COMMITTEE_FILE: roster(chairs, top_levels(ladders)),
        PEOPLE_FILE: PEOPLE,
        ".github/CODEOWNERS": codeowners(chairs),
        CONFIG_FILE: RUNG_TOML,
        "README.md": readme(org, cycle, sorted(ladders), pin),
        f"{PACKETS_DIR}/{cycle}/{KEEP}": "",
        **callers(pin),
    }
    files |= {f"templates/{n}": t for n, t in sorted(_packaged("templates").items())}
    files |= {f"{RULESETS_DIR}/{n}": t for n, t in sorted(_packaged("rulesets").items())}
    return files
