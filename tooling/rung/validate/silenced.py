"""The findings inline suppressions silenced, as each output shows them: reviewers must
see what was silenced and why, not only what is left.

The text format lists them after the findings, the github format in a log group
(never as annotations: they are not findings), the job summary in a section above
the packets' tables; json and SARIF carry them in their own structure
(``report.report_json``, ``sarif.sarif_log``).  The reason is the candidate's text,
escaped like a finding's message.
"""

from __future__ import annotations

from collections.abc import Sequence

from rung.validate.report import escape_data, markdown_escape, one_line
from rung.validate.suppress import Silenced

TYPE_CHECKING = False  # not typing's: importing typing costs every start
if TYPE_CHECKING:
    from typing import TextIO


def _ordered(silenced: Sequence[Silenced]) -> list[Silenced]:
    return sorted(silenced, key=lambda s: s.problem)


def _line(s: Silenced) -> str:
    p = s.problem
    return (
        f"{one_line(p.path)}:{p.line}:{p.column}: {p.level}: {one_line(p.message)} "
        f"[{p.rule}] reason: {one_line(s.reason)}"
    )


def report_silenced(fmt: str, silenced: Sequence[Silenced], stream: TextIO) -> None:
    """The silenced list for the text and github formats (nothing when there is none)."""
    if not silenced:
        return
    title = f"silenced by inline suppressions ({len(silenced)}):"
    if fmt == "github":
        stream.write(f"::group::{escape_data(title)}\n")
        for s in _ordered(silenced):
            # Two spaces first: no line of this group can start a workflow command.
            stream.write(f"  {escape_data(_line(s))}\n")
        stream.write("::endgroup::\n")
    elif fmt == "text":
        stream.write(title + "\n")
        for s in _ordered(silenced):
            stream.write(f"  {_line(s)}\n")


def silenced_markdown(silenced: Sequence[Silenced]) -> str:
    """The job summary's section on what was silenced (empty when nothing was)."""
    if not silenced:
        return ""
    out = [f"### Silenced by inline suppressions ({len(silenced)})", ""]
    for s in _ordered(silenced):
        p = s.problem
        out.append(
            f"- {markdown_escape(p.path)} line {p.line}: {p.level}: {markdown_escape(p.message)} "
            f"\\[{p.rule}\\] — reason: {markdown_escape(s.reason)}"
        )
    return "\n".join(out) + "\n\n"
