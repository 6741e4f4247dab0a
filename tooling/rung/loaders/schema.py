"""JSON Schema checks with findings placed on the YAML node that is wrong.

rung ships its schemas as JSON Schema (draft 2020-12) so editors and other tools
can use them.  Importing the ``jsonschema`` package costs about three times as
much as starting Python with PyYAML, and the validate path must stay fast, so
this module evaluates the subset of keywords rung's own schemas use:
``type``, ``properties``, ``required``, ``additionalProperties``, ``items``,
``minItems``, ``enum``, ``pattern``, ``minLength``, ``minimum``, ``maximum``,
``$ref`` (to ``#/$defs/...``), ``oneOf`` whose branches differ by ``type``,
and ``description``/``title``.  The test suite
checks every shipped schema uses nothing else and that verdicts agree with
``jsonschema`` on the fixtures.

Two deliberate differences from Python's ``jsonschema``, both stricter:

* a ``pattern`` must match the whole value (``fullmatch``).  rung's patterns
  are all written ``^...$``, and with ``re.search`` Python's ``$`` also matches
  before a final newline, so ``manager: "mkatz\n"`` would pass and name a
  different login than the one shown.  (ECMA-262, the regex dialect of JSON
  Schema, has no such exception.)
* no text value may hold a control character other than tab and newline: an
  escape, a NUL or a carriage return in a name or a claim reaches logs, PDFs
  and comments, where it can hide or rewrite what is shown.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from rung.loaders.schema_fast import CONTROL, compiled, deref, load_schema
from rung.loaders.yamlload import Document, YamlPath
from rung.problems import Level, Problem

TYPE_CHECKING = False  # not typing's: importing typing costs every start
if TYPE_CHECKING:
    from typing import Any

SUPPORTED_KEYWORDS = frozenset(
    {
        "$schema", "$id", "$defs", "$ref", "title", "description", "type", "properties",
        "required", "additionalProperties", "items", "minItems", "enum", "pattern",
        "minLength", "minimum", "maximum", "propertyNames", "examples", "oneOf",
    }
)  # fmt: skip

_TYPE_NAMES = {
    "object": "a mapping",
    "array": "a list",
    "string": "text",
    "integer": "a whole number",
    "boolean": "true or false",
    "null": "empty",
}


RULE = "schema"  # the id of every finding a schema check makes


def describe(value: Any) -> str:
    """How a YAML value reads to a person, for messages."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, int):
        return f"the number {value}"
    text = str(value)
    return f"'{text[:40]}…'" if len(text) > 40 else f"'{text}'"


def _is_type(value: Any, expected: str) -> bool:
    if expected == "object":
        return isinstance(value, dict)
    if expected == "array":
        return isinstance(value, list)
    if expected == "string":
        return isinstance(value, str)
    if expected == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if expected == "boolean":
        return isinstance(value, bool)
    if expected == "null":
        return value is None
    return False


class _Error:
    __slots__ = ("at_key", "message", "path")

    def __init__(self, path: YamlPath, message: str, at_key: bool = False) -> None:
        self.path = path
        self.message = message
        self.at_key = at_key


def iter_errors(
    value: Any, schema: dict[str, Any], root: dict[str, Any], path: YamlPath = ()
) -> Iterator[_Error]:
    """Errors of ``value`` against ``schema``; one per wrong node, outermost first."""
    schema = deref(schema, root)
    if "oneOf" in schema:
        # rung's schemas only use oneOf to say "a list of X, or a mapping Y", so
        # the value's type picks the branch and its errors are the useful ones.
        branches = [deref(b, root) for b in schema["oneOf"]]
        matching = [b for b in branches if _is_type(value, b["type"])]
        if not matching:
            wanted = " or ".join(_TYPE_NAMES[b["type"]] for b in branches)
            yield _Error(path, f"expected {wanted}, found {describe(value)}")
            return
        schema = matching[0]
    expected = schema.get("type")
    if expected is not None:
        types: list[str] = expected if isinstance(expected, list) else [expected]
        if not any(_is_type(value, t) for t in types):
            wanted = " or ".join(_TYPE_NAMES.get(t, t) for t in types)
            yield _Error(path, f"expected {wanted}, found {describe(value)}{_hint(value, types)}")
            return
    if "enum" in schema and value not in schema["enum"]:
        options = ", ".join(str(o) for o in schema["enum"])
        yield _Error(path, f"{describe(value)} is not one of: {options}")
        return
    if isinstance(value, str):
        if len(value) < schema.get("minLength", 0):
            yield _Error(path, "must not be empty")
        elif "pattern" in schema and not re.fullmatch(schema["pattern"], value):
            yield _Error(path, f"{describe(value)} is not in the expected form {_form(schema)}")
        elif (control := CONTROL.search(value)) is not None:
            yield _Error(path, control_message(control.group()))
    elif isinstance(value, int) and not isinstance(value, bool):
        if "minimum" in schema and value < schema["minimum"]:
            yield _Error(path, f"must be at least {schema['minimum']}, not {value}")
        if "maximum" in schema and value > schema["maximum"]:
            yield _Error(path, f"must be at most {schema['maximum']}, not {value}")
    elif isinstance(value, list):
        if len(value) < schema.get("minItems", 0):
            yield _Error(path, f"needs at least {schema['minItems']} item(s)")
        items = schema.get("items")
        if items is not None:
            for index, item in enumerate(value):
                yield from iter_errors(item, items, root, (*path, index))
    elif isinstance(value, dict):
        yield from _object_errors(value, schema, root, path)


def _object_errors(
    value: dict[str, Any], schema: dict[str, Any], root: dict[str, Any], path: YamlPath
) -> Iterator[_Error]:
    properties: dict[str, Any] = schema.get("properties", {})
    missing = [name for name in schema.get("required", []) if name not in value]
    if missing:
        yield _Error(path, "missing required field(s): " + ", ".join(missing))
    extra = schema.get("additionalProperties", True)
    names = schema.get("propertyNames")
    for key, item in value.items():
        if names is not None and "pattern" in names and not re.fullmatch(names["pattern"], key):
            yield _Error((*path, key), f"'{key}' is not a valid name {_form(names)}", at_key=True)
        elif key in properties:
            yield from iter_errors(item, properties[key], root, (*path, key))
        elif extra is False:
            known = ", ".join(properties) or "none"
            import difflib

            close = difflib.get_close_matches(key, list(properties), n=1, cutoff=0.8)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            yield _Error(
                (*path, key), f"unknown field '{key}'{hint}; known fields: {known}", at_key=True
            )
        elif isinstance(extra, dict):
            yield from iter_errors(item, extra, root, (*path, key))


def control_message(char: str) -> str:
    return (
        f"contains the control character U+{ord(char):04X}; remove it (text may hold "
        "tabs and line breaks, nothing else below U+0020)"
    )


def _form(schema: dict[str, Any]) -> str:
    example = schema.get("examples")
    if example:
        return f"(e.g. '{example[0]}')"
    return f"(pattern {schema['pattern']})"


def _hint(value: Any, types: list[str]) -> str:
    if (
        "boolean" in types
        and isinstance(value, str)
        and value.lower() in {"yes", "no", "on", "off"}
    ):
        return "; write true or false (rung reads YAML 1.1 yes/no/on/off as text)"
    if "string" in types and isinstance(value, int | bool):
        return "; put it in quotes"
    if "integer" in types and isinstance(value, str) and value.isdigit():
        return "; write the number without a leading zero"
    return ""


def schema_problems(doc: Document, name: str, path: str, rule: str) -> list[Problem]:
    """Findings for ``doc`` against the shipped schema ``name``."""
    if compiled(name, doc.plain_text)(doc.data):
        return []
    schema = load_schema(name)
    problems = []
    for error in iter_errors(doc.data, schema, schema):
        line, column = doc.key_at(error.path) if error.at_key else doc.value_at(error.path)
        where = ".".join(str(p) for p in error.path)
        prefix = f"{where}: " if where else ""
        problems.append(Problem(path, line, column, Level.ERROR, rule, prefix + error.message))
    return problems
