"""The HTML given to WeasyPrint: one Jinja environment, escaped values, the content of every packet."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import jinja2
import pytest
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import escape

from paths import REPO
from rung.ladder.model import Ladder
from rung.model.packet import Packet, parse_packet
from rung.model.repo import load_ladders
from rung.problems import FatalError
from rung.render.context import CommitInfo
from rung.render.html import commit_date, environment, packet_html

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "packets" / "2026-H2"
TEMPLATES = REPO / "templates"


def _parsed(path: Path) -> tuple[Packet, Ladder]:
    packet, problems = parse_packet(path.read_text(), path.as_posix())
    assert packet is not None, problems
    return packet, load_ladders(REPO)[0][packet.ladder]


def render(path: Path, commit: CommitInfo | None = None) -> str:
    return packet_html(*_parsed(path), commit, TEMPLATES)[0]


def test_one_escaping_strict_environment() -> None:
    env = environment(TEMPLATES)
    assert env is environment(TEMPLATES)
    assert env.autoescape is True
    assert isinstance(env, ImmutableSandboxedEnvironment)
    assert env.undefined is jinja2.StrictUndefined
    assert {"short_sha", "commit_date", "breakable"} <= set(env.filters)


def test_lateral_move_is_called_what_it_is() -> None:
    note = "Lateral track change — not a promotion"
    assert note in render(FIXTURES / "dov-render.md")
    assert note not in render(FIXTURES / "ada-render.md")


def test_commit_and_dates_or_their_absence() -> None:
    stamped = render(FIXTURES / "ada-render.md", CommitInfo("a" * 40, "2026-06-30T14:03:11+02:00"))
    assert '<meta name="dcterms.created" content="2026-06-30T14:03:11+02:00">' in stamped
    assert f'<td class="mono">{"a" * 40}</td>' in stamped
    bare = render(FIXTURES / "ada-render.md")
    assert "dcterms" not in bare
    assert bare.count("not recorded") == 2
    assert commit_date("2026-01-02T03:04:05Z") == "2026-01-02 03:04 (UTC)"


def test_every_example_packet_shows_all_its_evidence() -> None:
    """The repository's own packets/, as the committee will get them."""
    ladders = load_ladders(REPO)[0]
    paths = sorted((REPO / "packets").glob("*/*.md"))
    assert paths
    for path in paths:
        packet, problems = parse_packet(path.read_text(), path.as_posix())
        assert packet is not None, problems
        page = packet_html(packet, ladders[packet.ladder], None, TEMPLATES)[0]
        # short hyphenated tokens ("payouts-v2") are kept whole in a nowrap span
        page = re.sub(r'<span class="nowrap">([^<]*)</span>', r"\1", page)
        for evidence in packet.evidence.values():
            texts = [evidence.gap] if evidence.gap else [item.claim for item in evidence.items]
            for text in texts:
                assert str(escape(text.strip())) in page, (path, text)


def test_parser_building_imports_nothing_heavy() -> None:
    code = (
        "import sys, rung.cli; rung.cli.build_parser(); "
        "print(sorted(m for m in ('jinja2', 'weasyprint', 'markdown_it', 'nh3', 'pikepdf') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout == "[]\n"


def test_a_broken_template_is_a_usage_error(tmp_path: Path) -> None:
    shutil.copytree(TEMPLATES, tmp_path / "templates")
    page = tmp_path / "templates" / "packet.html.j2"
    lines = page.read_text().splitlines()
    line = next(n for n, text in enumerate(lines, 1) if "{{ p.title }}" in text)
    page.write_text(page.read_text().replace("{{ p.title }}", "{{ p.title }"))
    message = rf"^template templates/packet\.html\.j2:{line}: unexpected '}}'; fix the template$"
    with pytest.raises(FatalError, match=message):
        packet_html(*_parsed(FIXTURES / "ada-render.md"), None, tmp_path / "templates")
    page.write_text("{{ packet.no_such_field }}")
    environment.cache_clear()
    with pytest.raises(FatalError, match="no_such_field"):
        packet_html(*_parsed(FIXTURES / "ada-render.md"), None, tmp_path / "templates")


ESCAPES = [
    "{{ cycler.__init__.__globals__.os.popen('touch MARKER').read() }}",
    "{{ joiner.__init__.__globals__.os.system('touch MARKER') }}",
    "{{ lipsum.__globals__['os'].popen('touch MARKER').read() }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}{{ 'MARKER' }}",
    "{{ packet.criteria.__class__ }}{{ 'MARKER' }}",
]


@pytest.mark.parametrize("escape", ESCAPES)
def test_templates_cannot_reach_the_operating_system(tmp_path: Path, escape: str) -> None:
    shutil.copytree(TEMPLATES, tmp_path / "templates")
    marker = tmp_path / "pwned"
    page = tmp_path / "templates" / "packet.html.j2"
    page.write_text(
        page.read_text().replace("{{ p.title }}", escape.replace("MARKER", str(marker)), 1)
    )
    environment.cache_clear()
    with pytest.raises(FatalError, match="sandbox forbids"):
        packet_html(*_parsed(FIXTURES / "ada-render.md"), None, tmp_path / "templates")
    assert not marker.exists()


def test_the_sandbox_refuses_to_mutate_what_rung_passes(tmp_path: Path) -> None:
    shutil.copytree(TEMPLATES, tmp_path / "templates")
    page = tmp_path / "templates" / "packet.html.j2"
    page.write_text("{% set areas = [] %}{{ areas.append(1) }}")
    environment.cache_clear()
    with pytest.raises(FatalError, match="sandbox forbids"):
        packet_html(*_parsed(FIXTURES / "ada-render.md"), None, tmp_path / "templates")
