"""``rung pr render``'s choice and ``rung cycle changed``, on hostile and real-shaped input.

The workflows run both as written in tests/workflows (packet-check renders,
cycle-decisions publishes); these tests drive the edges directly.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from rung.cli import main
from rung.problems import FatalError
from rung.steps.changed import pushed_cycles
from rung.steps.renderable import Selection, artifact_name, nothing_to_render, select
from steps.conftest import webhook_examples

SHA = "0123456789abcdef0123456789abcdef01234567"


def report(*packets: tuple[str, str], errors: tuple[str, ...] = ()) -> dict[str, Any]:
    return {
        "packets": [{"path": p, "candidate": c, "kind": "promotion"} for p, c in packets],
        "findings": [
            {"path": e, "line": 1, "column": 1, "level": "error", "rule": "x", "message": "m"}
            for e in errors
        ]
        + [{"path": p, "level": "warning"} for p, _ in packets],
    }


def test_packets_with_an_error_are_not_rendered() -> None:
    chosen = select(
        report(("packets/c/a.md", "a"), ("packets/c/b.md", "b"), errors=("packets/c/a.md",))
    )
    assert chosen == Selection(2, (("packets/c/b.md", "b"),))
    assert nothing_to_render(chosen) is None


@pytest.mark.parametrize(
    ("chosen", "line"),
    [
        (Selection(0, ()), "This pull request changes no packet: nothing to render."),
        (Selection(2, ()), "No packet PDF to render: no changed packet passes validation."),
    ],
)
def test_nothing_to_render_says_why(chosen: Selection, line: str) -> None:
    assert nothing_to_render(chosen) == line


@pytest.mark.parametrize(
    ("candidates", "name"),
    [
        (["dana-levi"], "packet-dana-levi-0123456"),
        (["dana-levi", "ido"], "packets-pr7-0123456"),
        (["dana\nartifact=x"], "packet-dana-artifact-x-0123456"),
        (["dána"], "packet-d--na-0123456"),  # one '-' per byte, as `tr -c` replaced them
        (["../../etc"], "packet-..-..-etc-0123456"),
    ],
)
def test_the_artifact_name_holds_only_safe_characters(candidates: list[str], name: str) -> None:
    chosen = Selection(len(candidates), tuple((f"packets/c/{c}.md", c) for c in candidates))
    assert artifact_name(chosen, "7", SHA) == name


@pytest.mark.parametrize(
    "bad",
    [
        [],
        {"packets": []},
        {"packets": [{"path": "p"}], "findings": []},
        {"packets": {}, "findings": []},
    ],
)
def test_a_report_of_another_shape_is_refused(bad: object) -> None:
    with pytest.raises(FatalError):
        select(bad)


def test_rung_pr_render_with_nothing_to_render(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    output, summary = tmp_path / "output", tmp_path / "summary"
    monkeypatch.setenv("GITHUB_OUTPUT", str(output))
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    (tmp_path / "report.json").write_text(
        json.dumps(report(("packets/c/a.md", "a"), errors=("packets/c/a.md",))), encoding="utf-8"
    )
    args = ["pr", "render", str(tmp_path / "report.json"), "--pr", "7", "--commit", SHA]
    assert main([*args, "--out", str(tmp_path / "pdf")]) == 0
    assert output.read_text(encoding="utf-8") == "count=0\n"
    assert summary.read_text(encoding="utf-8") == (
        "No packet PDF to render: no changed packet passes validation.\n"
    )
    assert not (tmp_path / "pdf").exists()

    (tmp_path / "report.json").write_text("[1, 2]", encoding="utf-8")
    assert main([*args, "--out", str(tmp_path / "pdf")]) == 2
    assert "the report is not rung validate's JSON" in capsys.readouterr().err


# --- rung cycle changed ------------------------------------------------------------------


def push(*added: Any, modified: Any = ()) -> dict[str, Any]:
    return {"commits": [{"added": list(added), "modified": list(modified), "removed": []}]}


@pytest.mark.parametrize(
    ("event", "cycles"),
    [
        (push("packets/2026-H2/decisions.yaml", modified=["packets/2026-Q3/decisions.yaml"]), ["2026-H2", "2026-Q3"]),
        (push("packets/2026-H2/decisions.yaml", "packets/2026-H2/decisions.yaml"), ["2026-H2"]),
        (push("packets/2026-H3/decisions.yaml"), []),  # not a cycle
        (push("x\npackets/2026-H2/decisions.yaml"), []),  # one name, not two lines
        (push("packets/2026-H2/sub/decisions.yaml", "packets/2026-H2/decisions.yml"), []),
        (push(7, None, ["packets/2026-H2/decisions.yaml"]), []),
        ({"commits": [None, {"added": "packets/2026-H2/decisions.yaml"}]}, []),
        ({"commits": {}}, []),
        ([], []),
        ({"commits": [{"removed": ["packets/2026-H2/decisions.yaml"]}]}, []),
    ],
)  # fmt: skip
def test_pushed_cycles_are_cycle_names_only(event: object, cycles: list[str]) -> None:
    assert pushed_cycles(event) == cycles


def test_githubs_push_examples_name_no_cycle_until_a_decisions_file_is_added() -> None:
    for event in webhook_examples("push"):
        assert pushed_cycles(event) == []
        for commit in event["commits"]:
            commit["modified"] = [*commit["modified"], "packets/2026-H2/decisions.yaml"]
        assert pushed_cycles(event) == (["2026-H2"] if event["commits"] else [])


@pytest.fixture
def checkout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for cycle in ("2026-H1", "2026-H2"):
        (tmp_path / "packets" / cycle).mkdir(parents=True)
    (tmp_path / "packets" / "2026-H2" / "decisions.yaml").write_text("cycle: 2026-H2\n")
    (tmp_path / "packets" / "2026-H1" / "decisions.yaml").symlink_to(
        tmp_path / "packets" / "2026-H2" / "decisions.yaml"
    )
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GITHUB_OUTPUT", str(tmp_path / "output"))
    return tmp_path


def test_only_a_regular_decisions_file_is_published(
    checkout: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    event = checkout / "event.json"
    event.write_text(json.dumps(push("packets/2026-H1/decisions.yaml", "packets/2026-H2/decisions.yaml", "packets/2026-Q1/decisions.yaml")))  # fmt: skip
    assert main(["cycle", "changed", "--event", str(event)]) == 0
    assert (checkout / "output").read_text() == "cycles=2026-H2\n"
    assert capsys.readouterr().out == ""


def test_a_link_alone_is_nothing_to_publish(
    checkout: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["cycle", "changed", "--cycle", "2026-H1"]) == 0
    assert (checkout / "output").read_text() == "cycles=\n"
    assert capsys.readouterr().out == (
        "::notice title=cycle-decisions::no decisions file of a cycle changed; nothing to publish\n"
    )


@pytest.mark.parametrize("name", ["2026-H3", "2026-H2\n::error::x", "--event", ""])
def test_a_name_that_is_not_a_cycle_is_an_error(
    checkout: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    assert main(["cycle", "changed", f"--cycle={name}"]) == 1
    assert capsys.readouterr().out == (
        "::error title=cycle-decisions::not a cycle name; use YYYY-H1, YYYY-H2, YYYY-Q1..Q4 "
        "or YYYY-MM (e.g. 2026-H2)\n"
    )
    assert not (checkout / "output").exists()
