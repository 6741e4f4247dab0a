"""Ladders that are already data: YAML or JSON, in front matter or as the whole file.

Besides rung's own front-matter shape (:mod:`rung.ladder_import.frontmatter`),
two open formats are read directly:

* **progression topics** (the progression-framework format many organisations
  forked): ``topics: [{name, content: [{level: 1, criteria: [...],
  exampleCriteria: [{criteria, examples}]}]}]``.  Levels are numbers, so they
  become "Level 1", "Level 2" ...; example criteria are illustrations of the
  criteria, so they go to the level's ``guidance``.
* **records**: ``levels: [...]``, ``themes: [...]`` and one flat list of
  ``{level, theme, summary, proficiency}`` records; each record's summary is a
  criterion of its theme, the other text fields are guidance.

:func:`describe` names what a data file holds when no shape fits, so the report
says what was recognised instead of "no level found".
"""

from __future__ import annotations

from typing import Any

from rung.ladder_import.classify import Kind, says_cumulative
from rung.ladder_import.model import Draft, Item, clean_title
from rung.ladder_import.placing import place
from rung.loaders.yamlload import Document, YamlPath

_TEXT_KEYS = ("summary", "text", "criterion", "criteria", "description", "behaviour", "behavior")
_THEME_KEYS = ("theme", "topic", "area", "competency", "category")


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return ""
    return str(value).strip() if isinstance(value, str | int) else ""


def is_progression(data: Any) -> bool:
    topics = data.get("topics") if isinstance(data, dict) else None
    return isinstance(topics, list) and any(
        isinstance(t, dict) and isinstance(t.get("content"), list) for t in topics
    )


def _level_title(value: Any, names: dict[str, str]) -> str:
    """A level key as a title: a known name for it, "Level N" for a bare number, else itself."""
    key = _text(value)
    if key in names:
        return names[key]
    return f"Level {key}" if key.isdigit() else clean_title(key)


def read_progression(doc: Document, data: dict[str, Any], base: YamlPath, draft: Draft) -> None:
    """Topics whose ``content`` is a list of ``{level, criteria, exampleCriteria}``."""
    for ti, topic in enumerate(data["topics"]):
        where: YamlPath = (*base, "topics", ti)
        line = doc.value_at(where)[0]
        if not isinstance(topic, dict) or not isinstance(topic.get("content"), list):
            draft.unplace(line, "topic without a `content:` list of levels")
            continue
        name = clean_title(_text(topic.get("title")) or _text(topic.get("name")))
        if not name:
            draft.unplace(line, "topic without a name (give it `name:` or `title:`)")
            continue
        for ci, entry in enumerate(topic["content"]):
            at: YamlPath = (*where, "content", ci)
            entry_line = doc.value_at(at)[0]
            level_key = entry.get("level") if isinstance(entry, dict) else None
            if not _text(level_key):
                draft.unplace(entry_line, f'content of topic "{name}" without a `level:`')
                continue
            assert isinstance(entry, dict)
            level = draft.level(_level_title(level_key, {}), doc.value_at((*at, "level"))[0])
            items = _texts(doc, draft, entry.get("criteria"), (*at, "criteria"), name)
            place(level, name, Kind.AREA, items, in_cell=True)
            for ei, example in enumerate(_list(entry.get("exampleCriteria"))):
                here = (*at, "exampleCriteria", ei)
                text = _example(example)
                if text:
                    level.add_guidance(f"{name} examples", text)
                else:
                    draft.unplace(
                        doc.value_at(here)[0], f'example criterion of "{name}" has no text'
                    )
            for key in entry:
                if key not in ("level", "criteria", "exampleCriteria"):
                    draft.unplace(
                        doc.key_at((*at, key))[0], f"`{key}:` of a topic's level is not read"
                    )


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _example(example: Any) -> str:
    if not isinstance(example, dict):
        return _text(example)
    head = _text(example.get("criteria", example.get("criterion")))
    lines = [f"- {_text(e)}" for e in _list(example.get("examples")) if _text(e)]
    return "\n".join([head, *lines]).strip() if head or lines else ""


def _texts(doc: Document, draft: Draft, value: Any, where: YamlPath, name: str) -> list[Item]:
    """Criteria from a list of strings (or a single string)."""
    if _text(value):
        return [Item(_text(value), doc.value_at(where)[0], bullet=True)]
    items: list[Item] = []
    for index, element in enumerate(_list(value)):
        line = doc.value_at((*where, index))[0]
        text = _text(element.get("text") if isinstance(element, dict) else element)
        if text:
            items.append(Item(text, line, bullet=True))
        else:
            draft.unplace(line, f'criterion of "{name}" has no text')
    return items


def records_key(data: Any) -> str | None:
    """The key of a flat list of ``{level, theme, ...}`` records, if the data has one."""
    if not isinstance(data, dict):
        return None
    for key, value in data.items():
        if (
            isinstance(value, list)
            and value
            and all(isinstance(r, dict) and "level" in r for r in value)
            and any(any(k in r for k in _THEME_KEYS) for r in value)
        ):
            return str(key)
    return None


def _names(
    doc: Document, data: dict[str, Any], key: str, draft: Draft, declare: bool
) -> dict[str, str]:
    """``levels:`` / ``themes:`` entries: id -> display name (and levels declared in order)."""
    names: dict[str, str] = {}
    for index, entry in enumerate(_list(data.get(key))):
        line = doc.value_at((key, index))[0]
        if isinstance(entry, dict):
            ident = _text(entry.get("id", entry.get("level", entry.get("key"))))
            name = _text(entry.get("name", entry.get("title")))
            if ident and not name:
                name = f"Level {ident}" if ident.isdigit() and key == "levels" else ident
            for extra in entry:
                if extra not in ("id", "level", "key", "name", "title"):
                    draft.unplace(
                        doc.key_at((key, index, extra))[0], f"`{extra}:` of {key} is not read"
                    )
        else:
            ident = name = _text(entry)
        if not name:
            draft.unplace(line, f"an entry of `{key}:` without a name")
            continue
        names[ident or name] = clean_title(name)
        if declare:
            draft.level(clean_title(name), line)
    return names


def read_records(doc: Document, data: dict[str, Any], key: str, draft: Draft) -> None:
    """``levels``, ``themes`` and a flat list of records, one criterion per record."""
    levels = _names(doc, data, "levels", draft, declare=True)
    themes = _names(doc, data, "themes", draft, declare=False)
    for index, record in enumerate(data[key]):
        where: YamlPath = (key, index)
        line = doc.value_at(where)[0]
        theme_key = next((k for k in _THEME_KEYS if k in record), "")
        theme = themes.get(_text(record.get(theme_key)), clean_title(_text(record.get(theme_key))))
        title = _level_title(record.get("level"), levels)
        if not theme or not title:
            draft.unplace(line, "record without a level or a theme")
            continue
        level = draft.level(title, line)
        text_key = next((k for k in _TEXT_KEYS if _text(record.get(k))), "")
        if text_key:
            item = Item(_text(record[text_key]), doc.value_at((*where, text_key))[0], bullet=True)
            place(level, theme, Kind.AREA, [item], in_cell=True)
        for field, value in record.items():
            if field in ("level", theme_key, text_key):
                continue
            text = f"{str(field).capitalize()}: {_text(value)}"
            if _text(value) and text not in level.guidance.get(theme, []):
                level.add_guidance(theme, text)
            elif _text(value):
                pass  # the same proficiency for every record of a theme is said once
            else:
                draft.unplace(doc.key_at((*where, field))[0], f"`{field}:` of a record is not text")
    for name in ("title", "name"):
        if _text(data.get(name)) and not draft.name:
            draft.name = clean_title(_text(data[name]))
    if _text(data.get("description")):
        draft.description.append(_text(data["description"]))
        if says_cumulative(_text(data["description"])):
            draft.cumulative_line = doc.value_at(("description",))[0]


def describe(data: Any) -> str:
    """What a data document holds, in a few words, for a report line."""
    if isinstance(data, dict):
        keys = ", ".join(f"`{k}:`" for k in list(data)[:6])
        return f"a mapping with {keys}" if keys else "an empty mapping"
    if isinstance(data, list):
        return f"a list of {len(data)} entries"
    return "a single value"
