"""The fast yes/no check of a document against a schema, compiled once per schema.

Most documents are valid; checking them with closures compiled from the schema
is several times faster than walking the schema for findings.  Only a document
that fails is walked again by :func:`rung.loaders.schema.iter_errors` for its findings.
The shipped schemas are read here, once each."""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable
from pathlib import Path

from rung.patterns import lazy

TYPE_CHECKING = False  # not typing's: importing typing costs every start
if TYPE_CHECKING:
    from typing import Any

_SCHEMAS = Path(__file__).resolve().parents[1] / "schemas"
# C0 controls except tab and newline, DEL, and the C1 controls (NEL among them).
CONTROL = lazy("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@functools.cache
def load_schema(name: str) -> dict[str, Any]:
    """A schema shipped in ``rung/schemas/<name>.schema.json``."""
    # A plain path, not importlib.resources: the schemas ship inside the package
    # directory, and importlib.resources costs a noticeable share of start-up.
    text = (_SCHEMAS / f"{name}.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def deref(schema: dict[str, Any], root: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = root["$defs"][schema["$ref"].removeprefix("#/$defs/")]
    return schema


# --- the fast yes/no check ---------------------------------------------------------------
#
# Nearly every file rung reads is valid, so the schema is first compiled into
# closures that only answer "valid?" without building paths or messages; the
# explaining walk (rung.loaders.schema) runs only for files that fail.

Check = Callable[["Any"], bool]


class _Cache(dict[int, Check]):
    """The checks compiled so far, by schema node, and how text values are searched
    for control characters: ``CONTROL.search``, or nothing for a document whose
    text cannot hold one (:func:`compiled`)."""

    def __init__(self, control: Callable[[str], object] | None) -> None:
        super().__init__()
        self.control = control


def _type_check(expected: str) -> Check:
    if expected == "object":
        return lambda v: isinstance(v, dict)
    if expected == "array":
        return lambda v: isinstance(v, list)
    if expected == "string":
        return lambda v: isinstance(v, str)
    if expected == "integer":
        return lambda v: isinstance(v, int) and not isinstance(v, bool)
    if expected == "boolean":
        return lambda v: isinstance(v, bool)
    if expected == "null":
        return lambda v: v is None
    return lambda _: False


def _compile(schema: dict[str, Any], root: dict[str, Any], cache: _Cache) -> Check:
    schema = deref(schema, root)
    key = id(schema)
    if key in cache:
        return cache[key]
    late: list[Check] = []
    cache[key] = lambda v: late[0](v)  # noqa: PLW0108 - late binding lets recursive $refs compile
    fused = _fused(schema, root, cache)
    if fused is not None:
        cache[key] = fused
        late.append(fused)
        return fused
    checks: list[Check] = []
    if "oneOf" in schema:
        checks.append(_one_of(schema, root, cache))
    expected = schema.get("type")
    if expected is not None:
        if isinstance(expected, list):
            type_checks = [_type_check(t) for t in expected]
            checks.append(lambda v: any(c(v) for c in type_checks))
        else:
            checks.append(_type_check(expected))
    if "enum" in schema:
        options = schema["enum"]
        checks.append(lambda v: v in options)
    if "minLength" in schema:
        least = schema["minLength"]
        checks.append(lambda v: not isinstance(v, str) or len(v) >= least)
    control = cache.control
    if control is not None and "string" in (expected if isinstance(expected, list) else [expected]):
        checks.append(lambda v: not isinstance(v, str) or control(v) is None)
    if "pattern" in schema:
        whole = re.compile(schema["pattern"]).fullmatch
        checks.append(lambda v: not isinstance(v, str) or whole(v) is not None)
    if "minimum" in schema or "maximum" in schema:
        low, high = schema.get("minimum"), schema.get("maximum")
        checks.append(
            lambda v: (
                not isinstance(v, int)
                or isinstance(v, bool)
                or ((low is None or v >= low) and (high is None or v <= high))
            )
        )
    if "minItems" in schema:
        fewest = schema["minItems"]
        checks.append(lambda v: not isinstance(v, list) or len(v) >= fewest)
    if "items" in schema:
        item = _compile(schema["items"], root, cache)

        def items(v: Any) -> bool:
            if isinstance(v, list):
                for i in v:
                    if not item(i):
                        return False
            return True

        checks.append(items)
    if {"properties", "required", "additionalProperties", "propertyNames"} & schema.keys():
        checks.append(_compile_object(schema, root, cache))

    def check(v: Any) -> bool:  # a plain loop: measurably faster than all() on a generator
        for c in checks:  # noqa: SIM110
            if not c(v):
                return False
        return True

    late.append(check)
    cache[key] = check
    return check


_STRING_KEYWORDS = frozenset({"type", "minLength", "pattern", "enum", "description", "examples"})
_ARRAY_KEYWORDS = frozenset({"type", "items", "minItems", "description", "examples"})
_ONE_OF_KEYWORDS = frozenset({"oneOf", "description"})
_OBJECT_KEYWORDS = frozenset(
    {"type", "properties", "required", "additionalProperties", "propertyNames", "description"}
)


def _one_of(schema: dict[str, Any], root: dict[str, Any], cache: _Cache) -> Check:
    """``oneOf`` whose branches differ by type: the branch of the value's type decides."""
    branches = [
        (_type_check(deref(b, root)["type"]), _compile(b, root, cache)) for b in schema["oneOf"]
    ]

    def chosen(v: Any) -> bool:
        for is_type, check in branches:
            if is_type(v):
                return check(v)
        return False

    # The branch a value of each class YAML and JSON give takes, found once (the
    # type checks answer by class alone for these); any other class asks them.
    by_class = {s.__class__: _first_branch(branches, s) for s in _SAMPLES}

    def one_of(v: Any) -> bool:
        return by_class.get(v.__class__, chosen)(v)

    return one_of


_SAMPLES: tuple[Any, ...] = ({}, [], "", 0, False, None, 0.0)


def _first_branch(branches: list[tuple[Check, Check]], sample: Any) -> Check:
    return next((check for is_type, check in branches if is_type(sample)), _never)


def _never(_: Any) -> bool:
    return False


def _fused(schema: dict[str, Any], root: dict[str, Any], cache: _Cache) -> Check | None:
    """One closure for the common shapes (a string, a list, a mapping), or None.

    Nearly every node of a packet is one of these, and one call per node instead
    of one per keyword is most of what makes the check cheap.
    """
    kind = schema.get("type")
    keywords = schema.keys()
    if "oneOf" in schema and keywords <= _ONE_OF_KEYWORDS:  # e.g. items or a gap
        return _one_of(schema, root, cache)
    if kind == "string" and keywords <= _STRING_KEYWORDS:
        least = schema.get("minLength", 0)
        whole = re.compile(schema["pattern"]).fullmatch if "pattern" in schema else None
        options = schema.get("enum")
        control = cache.control

        def string(v: Any) -> bool:
            return (
                v.__class__ is str
                and len(v) >= least
                and (control is None or control(v) is None)
                and (whole is None or whole(v) is not None)
                and (options is None or v in options)
            )

        return string
    if kind == "array" and keywords <= _ARRAY_KEYWORDS:
        fewest = schema.get("minItems", 0)
        item = _compile(schema["items"], root, cache) if "items" in schema else None

        def array(v: Any) -> bool:
            if v.__class__ is not list or len(v) < fewest:
                return False
            if item is not None:
                for i in v:
                    if not item(i):
                        return False
            return True

        return array
    if kind == "object" and keywords <= _OBJECT_KEYWORDS:
        return _compile_object(schema, root, cache, exact=True)
    return None


def _compile_object(
    schema: dict[str, Any], root: dict[str, Any], cache: _Cache, *, exact: bool = False
) -> Check:
    """The object keywords; ``exact``: and the value is a dict (else anything but a
    dict passes, as each keyword alone says)."""
    properties = {k: _compile(v, root, cache) for k, v in schema.get("properties", {}).items()}
    required = tuple(schema.get("required", ()))
    extra = schema.get("additionalProperties", True)
    extra_check = _compile(extra, root, cache) if isinstance(extra, dict) else None
    names = schema.get("propertyNames", {}).get("pattern")
    name_ok = re.compile(names).fullmatch if names else None

    if exact and extra is False and name_ok is None:

        def closed(v: Any) -> bool:  # the common shape (an evidence item, a gap), lean
            if v.__class__ is not dict:
                return False
            for name in required:
                if name not in v:
                    return False
            for name, item in v.items():
                check_item = properties.get(name)
                if check_item is None or not check_item(item):
                    return False
            return True

        return closed

    def check(v: Any) -> bool:
        if not isinstance(v, dict):
            return not exact
        if exact and v.__class__ is not dict:
            return False
        for name in required:
            if name not in v:
                return False
        for name, item in v.items():
            if name_ok is not None and name_ok(name) is None:
                return False
            check_item = properties.get(name)
            if check_item is not None:
                if not check_item(item):
                    return False
            elif extra is False or (extra_check is not None and not extra_check(item)):
                return False
        return True

    return check


@functools.cache
def compiled(name: str, plain_text: bool = False) -> Check:
    """The fast yes/no check for the shipped schema ``name``; ``plain_text``: for a
    document whose text holds no control character and no escape, so no value can
    hold one (``Document.plain_text``), without looking for them in every value."""
    schema = load_schema(name)
    return _compile(schema, schema, _Cache(None if plain_text else CONTROL.search))
