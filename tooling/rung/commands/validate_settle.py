"""``rung validate``'s configuration and output: the rule levels of ``rung.toml`` (the
working tree's, or REF's with ``--changed-since REF``), and the reporters given both
the findings and those inline suppressions silenced."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from rung.commands.validate_select import Selection
from rung.problems import Problem
from rung.validate.config import Config, branch_config, read_config
from rung.validate.report import REPORTER_BY_NAME, PacketSummary, report_json
from rung.validate.silenced import report_silenced
from rung.validate.suppress import Silenced


def read_settings(root: Path, chosen: Selection) -> tuple[Config, list[Problem]]:
    """The rule levels this run applies, and the findings of ``rung.toml``."""
    if chosen.since is not None:
        return branch_config(root, chosen.since, chosen.config_changed)
    return read_config(root)


def report(
    fmt: str,
    problems: Sequence[Problem],
    silenced: Sequence[Silenced],
    summaries: Sequence[PacketSummary],
    root: Path,
    *,
    quiet: bool = False,
) -> None:
    """The findings in ``fmt`` on standard output, and what was silenced (the text and
    github formats leave the silenced list out with ``--quiet``)."""
    if fmt == "sarif":
        from rung.validate.sarif import report_sarif

        report_sarif(problems, sys.stdout, root, silenced)
    elif fmt == "json":
        report_json(problems, sys.stdout, summaries, [s.as_json() for s in silenced])
    else:
        REPORTER_BY_NAME[fmt](problems, sys.stdout, summaries)
        if not quiet:
            report_silenced(fmt, silenced, sys.stdout)


def config_error(fmt: str, problems: Sequence[Problem], root: Path) -> int:
    """``rung.toml`` is broken: its findings, and exit 2 before anything is checked (the
    levels every other finding would have are unknown)."""
    report(fmt, problems, (), (), root)
    sys.stderr.write("rung: rung.toml is invalid: nothing else was checked\n")
    return 2
