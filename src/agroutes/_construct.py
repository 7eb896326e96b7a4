"""Positional constructors for the frozen result objects built on the hot paths.

A frozen dataclass's generated ``__init__`` stores each field through
``object.__setattr__`` (it must get past the class's own ``__setattr__``, which refuses
every change): about 0.15 us a field on CPython 3.11. A cold ``diagnose()`` builds a Base
URL, a request, a match and a checked request per client request, and a diagnosis: some
forty fields, a third of the time of a healthy call. The slots of a slotted class can be
filled through their descriptors instead, at about half the cost, and that is all the
constructor below does.

It applies no defaults and runs no ``__post_init__``, so it is used only where the values
were just computed by agroutes itself; users build the same objects with the dataclass
constructor, keyword by keyword. ``tests/test_construct.py`` checks that every field of
the objects the hot paths build this way holds what it should (against keyword-built
objects where the class has no derived fields).
"""

from __future__ import annotations

import dataclasses
import types
from collections.abc import Callable
from typing import TypeVar

__all__ = ["positional"]

T = TypeVar("T")


def positional(cls: type[T]) -> Callable[..., T]:
    """A constructor taking every field of the frozen, slotted dataclass ``cls``
    positionally, in declaration order (``dataclasses.fields``), ``init=False`` ones too.

    >>> from agroutes._resolve import Request
    >>> from agroutes._clients import Protocol
    >>> new = positional(Request)
    >>> new("codex", "responses", Protocol.OPENAI, "POST", "http://h", "/v1/responses", None)
    Request(client='codex', operation='responses', method='POST', url='http://h/v1/responses')
    """
    if not dataclasses.is_dataclass(cls) or not hasattr(cls, "__slots__"):
        raise TypeError(f"{cls.__name__} is not a slotted dataclass")
    names = [f.name for f in dataclasses.fields(cls)]
    if any(name.startswith("__") for name in names):  # the generated code's own names
        raise TypeError(f"{cls.__name__} has a field named with a leading '__'")
    # One straight-line function, as dataclasses itself generates its __init__: a loop
    # over the setters would give back half of what is saved.
    namespace: dict[str, object] = {"__new": object.__new__, "__cls": cls}
    lines = [f"def new({', '.join(names)}):", "    __obj = __new(__cls)"]
    for i, name in enumerate(names):
        namespace[f"__set{i}"] = getattr(cls, name).__set__
        lines.append(f"    __set{i}(__obj, {name})")
    lines.append("    return __obj")
    exec("\n".join(lines), namespace)  # noqa: S102 - the text is built from field names
    new = namespace["new"]
    if not isinstance(new, types.FunctionType):  # pragma: no cover - exec defined it above
        raise TypeError("the generated constructor is missing")
    new.__qualname__ = f"positional({cls.__name__})"
    return new
