"""Layer 0: storing a field of a frozen, slotted dataclass from its own ``__init__``.

A frozen dataclass's generated ``__init__`` stores each field through
``object.__setattr__``, about 0.15 µs a field on CPython 3.11. The few value classes that
every cold ``diagnose()`` builds (``BaseURL``, ``Request``, ``CheckedRequest``, ``Match``,
``Diagnosis``) write their keyword-only ``__init__`` out instead and store through the
slot's own descriptor, which halves that: the cold diagnosis is held to 1.5x the naive yarl
joins of the same requests (benchmarks/README.md), and these constructors were a sixth of
it.
Everything else keeps the generated ``__init__``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

__all__ = ["slot_setter"]


def slot_setter(cls: type, name: str) -> Callable[[Any, object], None]:
    """What stores field ``name`` of ``cls``: its slot's descriptor, bypassing the frozen
    class's ``__setattr__``."""
    setter: Callable[[Any, object], None] = vars(cls)[name].__set__
    return setter
