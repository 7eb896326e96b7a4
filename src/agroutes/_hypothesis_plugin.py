"""The ``hypothesis`` entry point: ``st.from_type(Diagnosis)`` and friends.

Hypothesis calls :func:`_hypothesis_setup_hook` while ``import hypothesis`` runs, which may
itself be running because ``agroutes.strategies`` is being imported. So this module imports
nothing from ``agroutes.strategies`` at import time: the strategies are looked up when a
value is first drawn.
"""

from __future__ import annotations

from typing import Any


def _hypothesis_setup_hook() -> None:
    """Register agroutes' strategies for ``st.from_type``."""
    from hypothesis import strategies as st  # noqa: PLC0415 - only when Hypothesis asks

    from . import ClientProfile, Diagnosis, RouteTable  # noqa: PLC0415

    st.register_type_strategy(ClientProfile, st.deferred(lambda: _strategy("clients")))
    st.register_type_strategy(RouteTable, st.deferred(lambda: _strategy("route_tables")))
    st.register_type_strategy(Diagnosis, st.deferred(lambda: _strategy("diagnoses")))


def _strategy(name: str) -> Any:  # a SearchStrategy; typed loosely, Hypothesis may be absent
    from . import strategies  # noqa: PLC0415 - see the module docstring

    return getattr(strategies, name)()
