"""Every hostile input of tests/fixtures/hostile/cases.yaml, through the real ``rung`` CLI.

One parametrised test: each case is installed in a scratch repository, run with
``rung.cli.main`` (or as a subprocess when it may crash the interpreter), and held
to the exit code and the exact rule ids its manifest entry names, plus what must
hold for every input: no traceback, no control character and no line starting
with ``::`` in the output (except real annotations, escaped as the Actions toolkit
escapes), every reported line inside its file, nothing sent to the loopback trap,
nothing executed.  Render cases also check what WeasyPrint's URL fetcher was asked
for and that no hostile markup survived into the HTML or the PDF.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from hostile.checks import (
    ANNOTATION,
    check_step_summary,
    control_characters,
    fetched_name,
    findings,
    hostile_markup,
    line_count,
    pdf_link_targets,
    rows,
    shown_as,
)
from hostile.generated import GENERATORS
from hostile.trapserver import TRAP_MARK, Trap
from paths import FIXTURES
from rung.cli import main
from rung.ladder.load import load_ladder

HOSTILE = FIXTURES / "hostile"
HANG_SECONDS = 300  # an isolated run still going after this is hung, however busy the machine
PWNED = "hostile-pwned"  # what the fixtures' os.system tags would create
KINDS = frozenset({"packet", "ladder", "committee", "import", "render"})
FIELDS = frozenset(
    {"id", "kind", "file", "generate", "at", "command", "exit", "rules", "lines", "contains",
     "fetched", "html", "isolate", "seconds", "env", "git", "bug"}
)  # fmt: skip

# --- the manifest ------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    id: str
    kind: str
    source: str  # "file:<path>" or "generate:<name>"
    at: str
    command: tuple[str, ...]
    exit: int
    rules: Counter[str]
    lines: tuple[int, ...] | None
    contains: tuple[str, ...]
    fetched: tuple[str, ...] | None
    html: tuple[str, ...]
    isolate: bool
    seconds: float | None  # CPU-time budget of an isolated run
    env: tuple[tuple[str, str], ...]  # {root} is the scratch repository
    git: bool  # the scratch repository is a git repository, the input not committed
    bug: str | None

    @property
    def argv(self) -> list[str]:
        argv = [part.replace("{at}", self.at) for part in self.command]
        if self.kind == "render" and "--time-limit" not in argv:
            # Only a case about the limit has one: rung's default 60 s is wall-clock
            # time, which a busy machine ran past on render-word-100k.
            argv += ["--time-limit", "0"]
        return argv

    @property
    def format(self) -> str:
        argv = self.argv
        return argv[argv.index("--format") + 1] if "--format" in argv else "text"

    def data(self) -> bytes:
        kind, _, name = self.source.partition(":")
        if kind == "file":
            return (HOSTILE / name).read_bytes()
        return GENERATORS[name]().encode("utf-8")


def _case(entry: dict[str, Any]) -> Case:
    unknown = set(entry) - FIELDS
    assert not unknown, f"case {entry.get('id')}: unknown fields {sorted(unknown)}"
    assert entry["kind"] in KINDS, entry
    assert ("file" in entry) != ("generate" in entry), f"{entry['id']}: give file or generate"
    if "file" in entry:
        assert (HOSTILE / entry["file"]).is_file(), entry["file"]
        source = f"file:{entry['file']}"
    else:
        assert entry["generate"] in GENERATORS, entry["generate"]
        source = f"generate:{entry['generate']}"
    assert all(isinstance(part, str) for part in entry["command"]), entry["command"]
    assert "seconds" not in entry or entry.get("isolate"), f"{entry['id']}: seconds needs isolate"
    rules = entry["rules"]  # a list of ids, or {id: count} for many findings of a kind
    counted = Counter(rules)
    return Case(
        id=entry["id"],
        kind=entry["kind"],
        source=source,
        at=entry["at"],
        command=tuple(entry["command"]),
        exit=entry["exit"],
        rules=counted,
        lines=tuple(entry["lines"]) if "lines" in entry else None,
        contains=tuple(entry.get("contains", ())),
        fetched=tuple(entry["fetched"]) if "fetched" in entry else None,
        html=tuple(entry.get("html", ())),
        isolate=bool(entry.get("isolate", False)),
        seconds=entry.get("seconds"),
        env=tuple(entry.get("env", {}).items()),
        git=bool(entry.get("git", False)),
        bug=entry.get("bug"),
    )


def load_cases() -> list[Case]:
    entries = yaml.safe_load((HOSTILE / "cases.yaml").read_text(encoding="utf-8"))
    cases = [_case(entry) for entry in entries]
    ids = [c.id for c in cases]
    assert len(ids) == len(set(ids)), "duplicate case ids"
    return cases


CASES = load_cases()


def _param(case: Case) -> Any:
    marks = [pytest.mark.xfail(strict=True, reason=case.bug)] if case.bug else []
    return pytest.param(case, id=case.id, marks=marks)


# --- running -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str


def run_in_process(argv: list[str], capsys: pytest.CaptureFixture[str]) -> Run:
    try:
        code = main(argv)
    except SystemExit as stop:  # argparse
        code = stop.code if isinstance(stop.code, int) else 2
    captured = capsys.readouterr()
    return Run(code, captured.out, captured.err)


def run_isolated(
    argv: list[str], root: Path, extra: dict[str, str], seconds: float | None = None
) -> Run:
    """``python -m rung`` in its own process: a crash or a hang there is a result, not the
    end of pytest.  ``seconds`` budgets the CPU time the run spends, not the time it
    waits for a busy machine; the wall clock only catches a hang."""
    # A run with a time budget goes without coverage: its tracer triples the time of a
    # large validate, and the budget is about rung, not about the tracer.
    dropped = ("GITHUB_", "RUNG_", "COVERAGE_") if seconds else ("GITHUB_", "RUNG_")
    env = {k: v for k, v in os.environ.items() if not k.startswith(dropped)}
    env.update(extra)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    try:
        done = subprocess.run(
            [sys.executable, "-m", "rung", *argv],
            cwd=root,
            capture_output=True,
            env=env,
            timeout=HANG_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"rung {' '.join(argv)[:200]} still ran after {HANG_SECONDS} s")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    spent = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if seconds is not None and spent > seconds:
        pytest.fail(f"rung {' '.join(argv)[:200]} used {spent:.1f} s of CPU, over {seconds:g} s")
    # As Python reads file names: bytes that are not UTF-8 come back as the same bytes.
    return Run(
        done.returncode,
        done.stdout.decode("utf-8", "surrogateescape"),
        done.stderr.decode("utf-8", "surrogateescape"),
    )


def git_repository(root: Path) -> None:
    """Make ``root`` a git repository with everything in it committed on ``main``."""
    identity = ["-c", "user.name=rung tests", "-c", "user.email=tests@example.invalid"]
    for args in (
        ["init", "--quiet", "--initial-branch=main"],
        ["add", "--all"],
        [*identity, "-c", "commit.gpgsign=false", "commit", "--quiet", "-m", "base"],
    ):
        subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)


def check_render(case: Case, root: Path, logs: list[Any], trap: Trap) -> None:
    cycle, candidate = Path(case.at).parent.name, Path(case.at).stem
    pdf = root / "out" / cycle / f"{candidate}.pdf"
    if case.exit != 0:
        written = list((root / "out").rglob("*.pdf")) if (root / "out").exists() else []
        assert written == []
        return
    asked = sorted({fetched_name(url, root / "templates") for log in logs for url in log.asked})
    assert tuple(asked) == case.fetched
    assert [url for log in logs for url in log.refused] == []
    html = (root / "out" / cycle / f"{candidate}.html").read_text(encoding="utf-8")
    assert hostile_markup(html) == []
    for expected in case.html:  # hostile text is shown, as text
        assert expected.replace("@TRAP@", trap.netloc) in html
    targets = pdf_link_targets(pdf)  # the same allowlist as the sanitiser's: https and mailto
    assert all(uri.lower().startswith(("https://", "mailto:")) for uri in targets), targets


# --- the test ------------------------------------------------------------------------------


@pytest.mark.parametrize("case", [_param(c) for c in CASES])
def test_hostile_input(
    case: Case,
    scratch: Path,
    trap: Trap,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if case.git:
        git_repository(scratch)
    env = {name: value.replace("{root}", str(scratch)) for name, value in case.env}
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    target = scratch / case.at
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(case.data().replace(TRAP_MARK, trap.netloc.encode()))

    logs: list[Any] = []
    if case.kind == "render":
        from rung.render import pdf

        real_fetcher = pdf.asset_fetcher

        def spy(templates: Path, log: Any) -> Any:
            logs.append(log)
            return real_fetcher(templates, log)

        monkeypatch.setattr(pdf, "asset_fetcher", spy)

    if case.isolate:
        run = run_isolated(case.argv, scratch, env, case.seconds)
    else:
        run = run_in_process(case.argv, capsys)

    both = run.out + run.err
    assert "Traceback" not in both and "internal error" not in both, run.err[-2000:]
    assert run.code == case.exit, (run.code, run.out[-2000:], run.err[-2000:])
    assert control_characters(both) == []
    for name, stream in (("stdout", run.out), ("stderr", run.err)):
        for row in rows(stream):
            if row.startswith("::"):  # only real annotations, checked in findings()
                assert name == "stdout" and case.format == "github", f"injected: {row!r}"
    found = findings(run.out, run.err, case.format, case.kind)
    assert Counter(f.rule for f in found) == case.rules, found
    if case.lines is not None:
        assert sorted(f.line for f in found) == list(case.lines), found
    for finding in found:
        path = target if shown_as(finding.path, case.at) else scratch / finding.path
        assert path.is_file(), f"finding on a file that does not exist: {finding}"
        assert 0 <= finding.line <= line_count(path) + 1, finding
    for expected in case.contains:
        assert expected.replace("@TRAP@", trap.netloc) in run.out
    if case.kind == "import" and run.out:
        draft, problems = load_ladder(run.out, "draft")
        assert draft is not None, problems
    if "GITHUB_STEP_SUMMARY" in env:
        check_step_summary(Path(env["GITHUB_STEP_SUMMARY"]))
    if case.kind == "render":
        check_render(case, scratch, logs, trap)
    assert trap.requests == []
    assert not (scratch / PWNED).exists()


# --- the checks above can fail ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("html", "found"),
    [
        ('<img src="https://x/a.png">', ["<img {'src': 'https://x/a.png'}>", "<img src=...>"]),
        ("<script>alert(1)</script>", ["<script {}>"]),
        (
            '<link rel="stylesheet" href="http://x/a.css">',
            ["<link {'rel': 'stylesheet', 'href': 'http://x/a.css'}>"],
        ),
        ('<a href=" JavaScript:alert(1)">x</a>', ["<a href=' JavaScript:alert(1)'>"]),
        ('<a href="file:///etc/passwd">x</a>', ["<a href='file:///etc/passwd'>"]),
        ('<p style="background:url(http://x)">x</p>', ["<p style=...>"]),
        ('<p onclick="x()">x</p>', ["<p onclick=...>"]),
        ('<link rel="stylesheet" href="print.css"><a href="https://x">x</a><a href="#c">c</a>', []),
    ],
)
def test_hostile_markup_finds_what_it_looks_for(html: str, found: list[str]) -> None:
    assert hostile_markup(html) == found


@pytest.mark.parametrize(
    ("row", "ok"),
    [
        ("::error file=a.md,line=3,col=1,title=rung yaml::50%25 done%0A::x", True),
        ("::warning file=a%2Cb%3Ac.md,title=rung read::m", True),
        ("::error file=a,b.md,line=3,col=1,title=rung yaml::m", False),  # raw comma
        ("::error file=a:b.md,line=3,col=1,title=rung yaml::m", False),  # raw colon
        ("::error file=a.md,line=3,col=1,title=rung yaml::50% done", False),  # raw percent
        ("::error file=a.md,line=3,col=1,title=rung yaml::m\r::warning::x", False),  # raw CR
    ],
)
def test_the_annotation_grammar_rejects_unescaped_text(row: str, ok: bool) -> None:
    assert bool(ANNOTATION.match(row)) is ok
