"""A ladder already written as YAML front matter: topics -> levels -> criteria.

Accepted shapes (``ladder:`` may wrap all of it)::

    title: Platform Engineering
    levels: [P1 Associate, P2 Engineer]      # optional: order and titles
    topics:
      - name: Delivery                       # or `title:` / `topic:`
        levels:
          P1 Associate: [Ships small changes with help]
          P2 Engineer: Same as P1            # or N/A, or one criterion as a string
      # ... or a mapping:  Delivery: {P1 Associate: [...]}

A level entry in ``levels`` may be a mapping with ``title`` (or ``name``) and
optional ``summary`` / ``typical_experience``.
"""

from __future__ import annotations

from typing import Any

from rung.ladder_import.classify import Kind, section_kind
from rung.ladder_import.model import Draft, Item, clean_title
from rung.ladder_import.placing import place, report_dropped
from rung.loaders.schema_fast import CONTROL
from rung.loaders.yamlload import Document, YamlPath


def holds_ladder(data: Any) -> bool:
    """Whether front matter data has ``topics`` (directly or under ``ladder:``)."""
    if isinstance(data, dict) and isinstance(data.get("ladder"), dict):
        data = data["ladder"]
    return isinstance(data, dict) and isinstance(data.get("topics"), dict | list)


def _scalar_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    text = "" if value is None else str(value) if isinstance(value, str | int) else ""
    return CONTROL.sub("", text)  # a YAML escape (\x07) is a schema error in a ladder


def read_front_matter(doc: Document, draft: Draft) -> None:
    """Add the levels, areas and criteria of a front-matter ladder to ``draft``."""
    data: Any = doc.data
    base: YamlPath = ()
    if isinstance(data.get("ladder"), dict):
        data, base = data["ladder"], ("ladder",)
    name = data.get("title", data.get("name"))
    if isinstance(name, str) and not draft.name:
        draft.name = clean_title(name)
    if isinstance(data.get("description"), str):
        draft.description.append(data["description"].strip())
    levels = data.get("levels")
    for index, entry in enumerate(levels if isinstance(levels, list) else []):
        _declare_level(doc, draft, entry, (*base, "levels", index))
    topics = data.get("topics")
    if isinstance(topics, dict):
        for topic, value in topics.items():
            _topic(doc, draft, str(topic), value, (*base, "topics", topic))
    else:
        for index, entry in enumerate(topics):
            where: YamlPath = (*base, "topics", index)
            line = doc.value_at(where)[0]
            topic = (
                entry.get("name", entry.get("title", entry.get("topic")))
                if isinstance(entry, dict)
                else None
            )
            if not isinstance(topic, str) or not topic.strip():
                draft.unplace(line, "front-matter topic without a name (give it `name:`)")
                continue
            _topic(doc, draft, topic, entry.get("levels"), (*where, "levels"))


def _declare_level(doc: Document, draft: Draft, entry: Any, where: YamlPath) -> None:
    line = doc.value_at(where)[0]
    if isinstance(entry, dict):
        title = entry.get("title", entry.get("name"))
        if not isinstance(title, str) or not clean_title(title):
            draft.unplace(line, "front-matter level without a title (give it `title:`)")
            return
        level = draft.level(clean_title(title), line)
        for key, target in (
            ("summary", level.summary),
            ("typical_experience", level.typical_experience),
        ):
            text = _scalar_text(entry.get(key)).strip()
            if text:
                target.append(text)
    elif clean_title(_scalar_text(entry)):
        draft.level(clean_title(_scalar_text(entry)), line)
    else:
        draft.unplace(line, "front-matter level that is not a title")


def _topic(doc: Document, draft: Draft, topic: str, levels: Any, where: YamlPath) -> None:
    line = doc.value_at(where)[0]
    if not isinstance(levels, dict):
        draft.unplace(line, f'front-matter topic "{topic}" has no mapping of levels to criteria')
        return
    name = clean_title(topic) or topic.strip()
    kind = section_kind(name, inside_level=True)
    if kind is Kind.IGNORE:
        kind = Kind.AREA
    for level_title, value in levels.items():
        title = clean_title(str(level_title))
        key_line = doc.key_at((*where, level_title))[0]
        if not title:
            draft.unplace(key_line, f'front-matter level without a title under "{topic}"')
            continue
        level = draft.level(title, key_line)
        items: list[Item] = []
        if isinstance(value, list):
            for index, element in enumerate(value):
                element_line = doc.value_at((*where, level_title, index))[0]
                text = _scalar_text(element.get("text") if isinstance(element, dict) else element)
                if text.strip():
                    items.append(Item(text.strip(), element_line, bullet=True))
                else:
                    draft.unplace(element_line, f'front-matter criterion of "{title}" has no text')
        elif isinstance(value, dict):
            draft.unplace(
                doc.value_at((*where, level_title))[0],
                f'front-matter criteria of "{title}" under "{topic}" are a mapping; '
                "write a list of texts",
            )
        elif _scalar_text(value).strip():
            items.append(Item(_scalar_text(value).strip(), doc.value_at((*where, level_title))[0]))
        report_dropped(draft, level, name, kind, place(level, name, kind, items, in_cell=True))
