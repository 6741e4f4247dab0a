"""``@dataclass``, ``field`` and ``replace`` without the standard library's ``dataclasses``.

Why: ``rung validate`` of one packet started in about 110 ms of CPU, a third of it
``dataclasses``: importing it loads ``inspect`` (and through it ``ast``, ``dis`` and
``tokenize``), and each of the some forty classes it made compiled six methods and
computed an ``inspect.signature`` for a docstring (about 0.7 ms a class).  Here only
``__init__`` is compiled, when the class is first instantiated; ``__repr__``, ``__eq__``,
``__hash__``, the ordering and the frozen ``__setattr__`` are shared functions over the
fields.

What is made is what ``dataclasses`` made for the options rung uses (``frozen``,
``order``, ``slots``; ``field(default=, default_factory=, init=, repr=, compare=)``;
``__post_init__``): the same signature, the same repr text, equality and hash over
the same tuple of fields, and ``FrozenInstanceError`` (an ``AttributeError``) on
assignment.  mypy reads the decorator as a dataclass (``dataclass_transform``).
"""

from __future__ import annotations

from operator import attrgetter

TYPE_CHECKING = False  # `typing` itself costs a few milliseconds at start
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any, TypeVar, dataclass_transform

    _T = TypeVar("_T")
else:

    def dataclass_transform(**_: object) -> object:
        return lambda decorated: decorated


_MISSING = object()
_FIELDS = "__rung_fields__"


class FrozenInstanceError(AttributeError):
    """An assignment to a field of a frozen class (as ``dataclasses`` raises)."""


class Field:
    __slots__ = ("compare", "default", "default_factory", "init", "name", "repr")

    def __init__(
        self,
        default: Any = _MISSING,
        default_factory: Any = _MISSING,
        init: bool = True,
        repr: bool = True,
        compare: bool = True,
    ) -> None:
        self.name = ""
        self.default, self.default_factory = default, default_factory
        self.init, self.repr, self.compare = init, repr, compare


def field(
    *,
    default: Any = _MISSING,
    default_factory: Any = _MISSING,
    init: bool = True,
    repr: bool = True,
    compare: bool = True,
) -> Any:
    return Field(default, default_factory, init, repr, compare)


@dataclass_transform(field_specifiers=(field,))
def dataclass(
    cls: type[_T] | None = None,
    /,
    *,
    frozen: bool = False,
    order: bool = False,
    slots: bool = False,
) -> Any:
    """``@dataclass`` or ``@dataclass(frozen=True, order=True, slots=True)``."""

    def wrap(cls: type[_T]) -> type[_T]:
        return _make(cls, frozen=frozen, order=order, slots=slots)

    return wrap if cls is None else wrap(cls)


def replace(obj: _T, /, **changes: Any) -> _T:
    """A copy of ``obj`` with ``changes`` (``dataclasses.replace``, for either kind of class)."""
    fields: tuple[Field, ...] | None = getattr(type(obj), _FIELDS, None)
    if fields is None:
        import dataclasses  # a standard dataclass, outside the validate path

        return dataclasses.replace(obj, **changes)  # type: ignore[type-var]  # noqa: TID251
    for f in fields:
        if not f.init:
            if f.name in changes:
                raise ValueError(
                    f"field {f.name} is declared with init=False, it cannot be specified with replace()"
                )
        elif f.name not in changes:
            changes[f.name] = getattr(obj, f.name)
    return type(obj)(**changes)


def _fields(cls: type) -> list[Field]:
    found = {f.name: f for base in cls.__mro__[:0:-1] for f in getattr(base, _FIELDS, ())}
    # inspect.get_annotations would import inspect, the cost this module avoids
    for name, annotation in cls.__dict__.get("__annotations__", {}).items():  # noqa: RUF063
        if str(annotation).startswith(("ClassVar", "typing.ClassVar")):
            continue
        value = cls.__dict__.get(name, _MISSING)
        f = value if isinstance(value, Field) else Field(value)
        f.name = name
        found[name] = f
        if f.default is not _MISSING:
            setattr(cls, name, f.default)  # as dataclasses leaves it: a class attribute
        elif value is not _MISSING:
            delattr(cls, name)
    return list(found.values())


def _make(cls: type[_T], *, frozen: bool, order: bool, slots: bool) -> type[_T]:
    fields = _fields(cls)
    if slots:
        body = {k: v for k, v in cls.__dict__.items() if k not in {"__dict__", "__weakref__"}}
        for f in fields:
            body.pop(f.name, None)
        body["__slots__"] = tuple(f.name for f in fields if f.name not in _inherited(cls))
        body["__qualname__"] = cls.__qualname__
        metaclass: Any = type(cls)
        cls = metaclass(cls.__name__, cls.__bases__, body)
    setattr(cls, _FIELDS, tuple(fields))
    cls.__match_args__ = tuple(f.name for f in fields if f.init)  # type: ignore[attr-defined,misc]
    _add(cls, "__init__", _first_init(cls, fields, frozen=frozen))
    _add(cls, "__repr__", _repr(tuple(f.name for f in fields if f.repr)))
    key = _key(tuple(f.name for f in fields if f.compare))
    _add(cls, "__eq__", _compare(key, "__eq__"))
    if order:
        for name in ("__lt__", "__le__", "__gt__", "__ge__"):
            _add(cls, name, _compare(key, name))
    explicit_hash = cls.__dict__.get("__hash__", _MISSING) not in (_MISSING, None)
    if not explicit_hash:
        # As dataclasses: a frozen class hashes its compared fields; a mutable one is unhashable.
        cls.__hash__ = (lambda self: hash(key(self))) if frozen else None  # type: ignore[assignment,method-assign]
    if frozen:
        _frozen(cls, frozenset(f.name for f in fields))
    return cls


def _inherited(cls: type) -> set[str]:
    return {f.name for base in cls.__mro__[1:] for f in getattr(base, _FIELDS, ())}


def _add(cls: type, name: str, value: Callable[..., Any]) -> None:
    if name not in cls.__dict__:
        value.__qualname__ = f"{cls.__qualname__}.{name}"
        setattr(cls, name, value)


def _first_init(cls: type, fields: list[Field], *, frozen: bool) -> Callable[..., None]:
    """An ``__init__`` that compiles the class's own on its first call, and is replaced by it:
    most classes are never made in a given run, and compiling is most of a class's cost."""

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        init = _init(cls, fields, frozen=frozen)
        init.__qualname__ = f"{cls.__qualname__}.__init__"
        type.__setattr__(cls, "__init__", init)
        init(self, *args, **kwargs)

    return __init__


def _init(cls: type, fields: list[Field], *, frozen: bool) -> Callable[..., None]:
    scope: dict[str, Any] = {"_set": object.__setattr__, "_factory_default": _MISSING}
    params, values = [], {}
    for f in fields:
        if f.default is not _MISSING:
            scope[f"_default_{f.name}"] = f.default
        if f.default_factory is not _MISSING:
            scope[f"_factory_{f.name}"] = f.default_factory
        if f.init:
            values[f.name] = f.name
            if f.default is not _MISSING:
                params.append(f"{f.name}=_default_{f.name}")
            elif f.default_factory is not _MISSING:
                params.append(f"{f.name}=_factory_default")
                values[f.name] = (
                    f"_factory_{f.name}() if {f.name} is _factory_default else {f.name}"
                )
            else:
                params.append(f.name)
        elif f.default_factory is not _MISSING:
            values[f.name] = f"_factory_{f.name}()"
        elif f.default is not _MISSING:
            values[f.name] = f"_default_{f.name}"
        # else: set by __post_init__
    if not frozen:
        lines = [f"self.{name} = {value}" for name, value in values.items()]
    elif "__slots__" in cls.__dict__:
        lines = [f"_set(self, {name!r}, {value})" for name, value in values.items()]
    else:
        # One update of the instance's dictionary instead of a call per field (as
        # dataclasses make): the same dictionary, in about two thirds of the time.
        pairs = ", ".join(f"{name!r}: {value}" for name, value in values.items())
        lines = [f"self.__dict__.update({{{pairs}}})"]
    if hasattr(cls, "__post_init__"):
        lines.append("self.__post_init__()")
    source = f"def __init__(self, {', '.join(params)}):\n " + "\n ".join(lines or ["pass"])
    exec(source, scope)  # noqa: S102 - the source is made above from the class's field names
    init: Callable[..., None] = scope["__init__"]
    return init


def _repr(names: tuple[str, ...]) -> Callable[[Any], str]:
    def __repr__(self: Any) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in names)
        return f"{type(self).__qualname__}({shown})"

    return __repr__


def _key(names: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    """The tuple dataclasses compared and hashed: the compared fields, in order."""
    if len(names) > 1:
        return attrgetter(*names)
    if names:
        one = attrgetter(names[0])
        return lambda self: (one(self),)
    return lambda _self: ()


def _compare(key: Callable[[Any], tuple[Any, ...]], name: str) -> Callable[[Any, Any], Any]:
    compare = getattr(tuple, name)

    def method(self: Any, other: Any) -> Any:
        if other.__class__ is self.__class__:
            return compare(key(self), key(other))
        return NotImplemented

    return method


def _frozen(cls: type, names: frozenset[str]) -> None:
    def __setattr__(self: Any, name: str, value: Any) -> None:
        if type(self) is cls or name in names:
            raise FrozenInstanceError(f"cannot assign to field {name!r}")
        object.__setattr__(self, name, value)

    def __delattr__(self: Any, name: str) -> None:
        if type(self) is cls or name in names:
            raise FrozenInstanceError(f"cannot delete field {name!r}")
        object.__delattr__(self, name)

    _add(cls, "__setattr__", __setattr__)
    _add(cls, "__delattr__", __delattr__)
