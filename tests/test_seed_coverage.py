"""The ladder files encode every criterion sentence of their seed documents, verbatim.

The seed documents (copies in tests/fixtures/seeds/) are parsed here with code
of our own, independent of how the ladders were generated, and every sentence
must be the ``text`` of a criterion in the matching ``ladders/<id>.yaml``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "tests" / "fixtures" / "seeds"
LADDERS = ROOT / "ladders"

# A sentence extracted from a seed, with the label of the level it belongs to.
Sentence = tuple[str, str]


def _bullet(line: str) -> str | None:
    """The text of a ``- `` bullet line, or None for any other line."""
    stripped = line.strip()
    return stripped[2:].strip() if stripped.startswith("- ") else None


def extract_dotnet(text: str) -> list[Sentence]:
    """Bullets under Responsibilities / Skills and Criteria / Soft Skills and Collaboration."""
    wanted = {"Responsibilities:", "Skills and Criteria:", "Soft Skills and Collaboration:"}
    level, section, out = "", "", []
    for line in text.splitlines():
        if line.startswith("## "):
            level = line[3:].strip()
        elif line.startswith("### "):
            section = line[4:].strip()
        elif section in wanted and (item := _bullet(line)) is not None:
            out.append((level, item))
    return out


def extract_beyond(text: str) -> list[Sentence]:
    """``- `` bullets in the td cells of the four criteria tables (label row, then content row)."""
    wanted = {
        "Scope of knowledge (Breadth and Depth)",
        "Responsibilities",
        "Communication and leadership",
        "Checkpoints",
    }
    out: list[Any] = []
    for match in re.finditer(r"^### ([^\n]+)\n(.*?)(?=^### |\Z)", text, re.M | re.S):
        if match.group(1).strip() not in wanted:
            continue
        cells = [c.strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", match.group(2), re.S)]
        assert len(cells) % 2 == 0, match.group(1)
        for label, content in zip(cells[0::2], cells[1::2], strict=True):
            items = [item for line in content.splitlines() if (item := _bullet(line)) is not None]
            assert items, (match.group(1), label)
            out.extend((label, item) for item in items)
    return out


def extract_thelotter(text: str) -> list[Sentence]:
    """``- `` items in the Responsibility & Growth table cells, plus the L6 EM bullet lists."""
    level, out = "", []
    for line in text.splitlines():
        heading = re.match(r"# \*\*(L\d (?:IC|EM) - Software Engineer)\*\*", line)
        if heading:
            level = heading.group(1)
            continue
        if line.startswith("|"):
            fields = line.split("|")
            assert len(fields) == 4, line
            cell = fields[2].strip()
            paragraphs = re.findall(r"<p>(.*?)</p>", cell) if "<p>" in cell else [cell]
            for paragraph in paragraphs:
                item = _bullet(paragraph)
                if item is not None:
                    out.append((level, item))
                else:
                    assert "<p>" not in cell, paragraph  # every <p> in a cell is a bullet
        elif level.startswith("L6 EM") and (item := _bullet(line)) is not None:
            out.append((level, item))
    return out


def _dotnet_level(label: str) -> str:
    return {"Tech Lead (TL2)": "tl2", "Level 9: Tech Lead (TL4)": "tl4"}[label]


def _beyond_level(label: str) -> str:
    return {
        "Sr Software Engineer 1": "sse1",
        "Technical Lead Manager": "tlm",
        "Engineering Manager": "em",
    }[label]


def _thelotter_level(label: str) -> str:
    match = re.fullmatch(r"L(\d) (IC|EM) - Software Engineer", label)
    assert match, label
    return f"{match.group(2).lower()}-l{match.group(1)}"


Extractor = Callable[[str], list[Sentence]]

# seed file -> (ladder id, extractor, level label -> level id, sentences counted by hand)
SEEDS_TO_LADDERS: dict[str, tuple[str, Extractor, Callable[[str], str], int]] = {
    "000_40a2f179fdcea332.txt": ("dotnet", extract_dotnet, _dotnet_level, 15),
    "001_318d2bf8e0ce8fd8.txt": ("dotnet", extract_dotnet, _dotnet_level, 18),
    "002_edb376dfa42d9283.txt": ("beyond", extract_beyond, _beyond_level, 70),
    "003_04b182e3c4f21224.txt": ("thelotter", extract_thelotter, _thelotter_level, 223),
}
LADDER_IDS = sorted({ladder for ladder, *_ in SEEDS_TO_LADDERS.values()})


def seed_sentences(seed: str) -> list[Sentence]:
    _, extract, _, _ = SEEDS_TO_LADDERS[seed]
    return extract((SEEDS / seed).read_text(encoding="utf-8"))


def load_ladder(ladder_id: str) -> dict[str, Any]:
    data = yaml.safe_load((LADDERS / f"{ladder_id}.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def criteria_by_level(ladder: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    return {
        level["id"]: [c for area in level["areas"] for c in area.get("criteria", [])]
        for level in ladder["levels"]
    }


def criterion_texts(ladder: dict[str, Any]) -> list[str]:
    return [c["text"] for crits in criteria_by_level(ladder).values() for c in crits]


@pytest.mark.parametrize("seed", sorted(SEEDS_TO_LADDERS))
def test_seed_sentence_count(seed: str) -> None:
    expected = SEEDS_TO_LADDERS[seed][3]
    assert len(seed_sentences(seed)) == expected


@pytest.mark.parametrize("seed", sorted(SEEDS_TO_LADDERS))
def test_every_seed_sentence_is_a_criterion(seed: str) -> None:
    ladder_id = SEEDS_TO_LADDERS[seed][0]
    texts = set(criterion_texts(load_ladder(ladder_id)))
    missing = [f"{label}: {s}" for label, s in seed_sentences(seed) if s not in texts]
    header = f"{len(missing)} sentence(s) of {seed} missing from ladders/{ladder_id}.yaml:"
    assert not missing, "\n".join([header, *missing])


@pytest.mark.parametrize("seed", sorted(SEEDS_TO_LADDERS))
def test_seed_sentences_sit_on_their_level(seed: str) -> None:
    ladder_id, _, level_of, _ = SEEDS_TO_LADDERS[seed]
    by_level = criteria_by_level(load_ladder(ladder_id))
    expected: dict[str, list[str]] = {}
    for label, sentence in seed_sentences(seed):
        expected.setdefault(level_of(label), []).append(sentence)
    for level_id, sentences in expected.items():
        assert [c["text"] for c in by_level[level_id]] == sentences, level_id


@pytest.mark.parametrize("ladder_id", LADDER_IDS)
def test_ladder_has_no_criteria_beyond_its_seeds(ladder_id: str) -> None:
    known = {
        sentence
        for seed, (lid, *_) in SEEDS_TO_LADDERS.items()
        if lid == ladder_id
        for _, sentence in seed_sentences(seed)
    }
    extras = [t for t in criterion_texts(load_ladder(ladder_id)) if t not in known]
    assert not extras, f"ladders/{ladder_id}.yaml has criteria not in its seeds:\n" + "\n".join(
        extras
    )


def test_thelotter_ic_l5_is_exactly_the_l5_ic_growth_behaviours() -> None:
    l5 = [s for label, s in seed_sentences("003_04b182e3c4f21224.txt") if label.startswith("L5 IC")]
    assert len(l5) == 33
    ic_l5 = criteria_by_level(load_ladder("thelotter"))["ic-l5"]
    assert sorted(c["text"] for c in ic_l5) == sorted(l5)


def test_documented_criterion_ids() -> None:
    ic_l5 = {c["id"]: c["text"] for c in criteria_by_level(load_ladder("thelotter"))["ic-l5"]}
    assert ic_l5["ic-l5.execution.hld-for-epics"] == "You are able to perform HLD for epics"
    assert ic_l5["ic-l5.execution.plan-and-estimate-epic"] == (
        "You are able to plan and estimate an epic"
    )
