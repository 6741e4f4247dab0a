"""What the privileged side trusts on the default branch, path by path.

packet-review, cycle-bundle, cycle-decisions and cycle-status run the default
branch's copy of themselves and of rung, and read the roster, the ladders, the
templates and the decisions from its checkout.  Whoever can change one of these
files on the default branch changes what runs with the App's key or what the
committee reads, so each must be owned in CODEOWNERS, with code-owner review
required (docs/github-setup.md).  ``rung doctor`` checks every path below against
the default branch's CODEOWNERS; tests/workflows/test_protection.py checks that the list
covers every file the privileged workflows read.

A folder is stood for by a file that does not exist yet, as deep as it gets: a
line such as ``/ladders/*.yaml`` owns today's ladders but not a new
``ladders/eng/ic.yaml``, and a later line with no owners un-owns.
"""

from __future__ import annotations

from rung.model.decisions import DECISIONS_FILE
from rung.model.repo import COMMITTEE_FILE, CONFIG_FILE, LADDERS_DIR, PACKETS_DIR

# path -> why the privileged side trusts it
TRUSTED_PATHS: dict[str, str] = {
    ".github/CODEOWNERS": "says who must review changes to everything here",
    COMMITTEE_FILE: "the roster reviewers are assigned from",
    ".github/people.yml": "a people file beside the roster (anything under .github/)",
    ".github/workflows/packet-review.yml": "the privileged workflow that holds the App's key",
    ".github/workflows/cycle-bundle.yml": "the committee bundle",
    ".github/workflows/cycle-decisions.yml": "publishes decisions with a write token",
    ".github/workflows/cycle-status.yml": "the cycle's dashboard",
    ".github/workflows/a-new-workflow.yml": "any workflow added later",
    "pyproject.toml": "what `pip install .` builds and installs",
    "requirements/runtime.txt": "the hash-locked dependencies the workflows install",
    "requirements/a/new/lock.txt": "any lock added later",
    "tooling/rung/cli.py": "rung itself, installed from the checkout",
    "tooling/rung/a/new/module.py": "any module added later",
    f"{LADDERS_DIR}/a-new-ladder.yaml": "the ladders packets are checked against",
    f"{LADDERS_DIR}/a/new/ladder.yaml": "a ladder in a folder",
    "templates/packet.html.j2": "the committee PDF's template",
    "templates/print.css": "the committee PDF's stylesheet",
    "templates/a/new/asset.svg": "any template asset added later",
    f"{PACKETS_DIR}/2026-H2/{DECISIONS_FILE}": "the committee's recorded outcomes",
    f"{PACKETS_DIR}/A-NEW-CYCLE/{DECISIONS_FILE}": "a later cycle's outcomes",
    CONFIG_FILE: "marks the repository's root for rung",
}
