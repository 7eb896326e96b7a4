"""Layer 3: the matcher's code generator: a route trie written out as the source of one
Python function, ``match(method, path) -> Match``, which :mod:`agroutes._matcher` compiles.

The function is the trie walk unrolled for one table. At each segment it tries what the
walk tries, in the walk's order: the static children (an ``if``/``elif`` chain, or, past
:data:`DISPATCH_OVER` children, one dict lookup that calls a function per child), then
the parameters (``{model}:generateContent`` before ``{model}``), then a catch-all.
Falling off the end of a block is backtracking; where a route ends, its answer is
returned (a hit, or the 405 of the first route the walk reaches). The segments come from
one ``path.split("/", MAX_DEPTH + 1)``; a path that goes deeper than :data:`MAX_DEPTH`
segments into the trie is handed to the plain walk, so that no table, however deep its
patterns, makes code nested deeper than that.

Safety: route patterns are user data, and none of their text becomes code. Every text
taken from a pattern (a static segment, a parameter's name, prefix or suffix, the route
quoted in a comment) is written with ``repr()``; every other value the function needs
(routes, prebuilt answers, allowed methods, dispatch tables, the ``Match`` class) is
bound to a generated name (``_r3``, ``_a4``...) in the namespace returned beside the
source. What is left is ints computed here and the fixed text of this module.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from ._patterns import ANY_METHOD, Param, Route

__all__ = ["DISPATCH_OVER", "MAX_DEPTH", "Generated", "TrieNode", "generate"]

#: Trie depth (segments) written inline; a path that goes deeper is handed to the plain walk.
MAX_DEPTH = 24
#: A node with more static children than this finds the child by one dict lookup.
DISPATCH_OVER = 8

_INDENT = "    "


class TrieNode(Protocol):
    """What the generator reads of a trie node (``agroutes._matcher`` builds them)."""

    @property
    def static(self) -> Mapping[str, TrieNode]: ...
    @property
    def params(self) -> Sequence[tuple[Param, TrieNode]]: ...
    @property
    def catch_all(self) -> tuple[str, TrieNode] | None: ...
    @property
    def leaf(self) -> Mapping[str, Route] | None: ...


@dataclass(frozen=True, slots=True, kw_only=True)
class Generated:
    """The source of ``match`` and the names it refers to besides ``len``."""

    source: str
    names: Mapping[str, object]


@dataclass(frozen=True, slots=True)
class _Bound:
    """A parameter on the way to a leaf: its value is segment ``index`` (or the rest)."""

    name: str
    index: int  # 0: the catch-all's rest, in the local ``rest``
    start: int = 0
    stop: int = 0  # characters cut from the end (a static suffix)


@dataclass(frozen=True, slots=True)
class _Place:
    """Where the code being written stands: after ``depth`` segments (the next one is
    ``parts[depth + 1]``); ``static_path`` is the path so far while every segment is static
    (a leaf there is a static route, whose answers are built beforehand); ``bound`` the
    parameters taken; ``local`` the indexes whose segment is in a local ``s<index>`` of the
    function being written."""

    depth: int
    static_path: str | None
    bound: tuple[_Bound, ...]
    local: frozenset[int]

    def static(self, text: str, local: frozenset[int]) -> _Place:
        below = None if self.static_path is None else f"{self.static_path}/{text}"
        return _Place(self.depth + 1, below, self.bound, local)

    def param(self, param: Param, local: frozenset[int]) -> _Place:
        end = self.depth + 1
        taken = _Bound(param.name, end, len(param.prefix), len(param.suffix))
        return _Place(end, None, (*self.bound, taken), local)

    def rest(self, name: str, local: frozenset[int]) -> _Place:
        return _Place(self.depth + 1, None, (*self.bound, _Bound(name, 0)), local)


@dataclass(slots=True, kw_only=True)
class _Writer:
    answers: Mapping[str, Mapping[str, object]]
    implicit_head: bool
    method_first: bool
    inline_miss: bool
    method_not_allowed: bool
    names: dict[str, object] = field(default_factory=dict)
    functions: list[list[str]] = field(default_factory=list)
    tables: list[str] = field(default_factory=list)

    def name(self, kind: str, value: object) -> str:
        found = f"_{kind}{len(self.names)}"
        self.names[found] = value
        return found

    def miss(self, allowed: frozenset[str]) -> str:
        """The expression of a miss with ``allowed`` methods (405 when non-empty)."""
        shown = self.name("a", allowed) if allowed else "_none"
        if self.inline_miss:
            # method_not_allowed is True by default
            refuses = "" if self.method_not_allowed else ", method_not_allowed=False"
            return f"_Match(method=method, path=path, route=None, allowed_methods={shown}{refuses})"
        return f"_miss(method, path, {shown})"

    def node(self, out: list[str], indent: int, node: TrieNode, at: _Place) -> None:
        """The code that tries ``node`` and what is below it, at ``indent``."""
        pad = _INDENT * indent
        end = at.depth + 1  # n == end: the path ends at this node
        if node.leaf:
            out.append(f"{pad}if n == {end}:")
            self.leaf(out, indent + 1, node.leaf, at)
        keyword = "elif" if node.leaf else "if"
        segment = f"s{end}"
        ways = len(node.static) + len(node.params) + (node.catch_all is not None)
        if not ways:
            return
        if at.depth >= MAX_DEPTH:
            # Everything before this point in the walk's order has no answer, so the walk's
            # first answer is the one from here on: the plain walk gives it.
            out += [f"{pad}{keyword} n > {end}:", f"{pad}    return _walk(method, path)"]
            return
        if ways == 1 and node.static:  # one way on: one condition
            ((text, child),) = node.static.items()
            out.append(f"{pad}{keyword} n > {end} and parts[{end}] == {text!r}:")
            self.node(out, indent + 1, child, at.static(text, at.local))
            return
        if ways == 1 and node.params:
            ((param, child),) = node.params
            fits = _fits(f"({segment} := parts[{end}])", segment, param)
            out.append(f"{pad}{keyword} n > {end} and {fits}:")
            self.node(out, indent + 1, child, at.param(param, at.local | {end}))
            return
        out += [f"{pad}{keyword} n > {end}:", f"{pad}    {segment} = parts[{end}]"]
        pad += _INDENT
        here = at.local | {end}
        self.static_children(
            out, indent + 1, node, _Place(at.depth, at.static_path, at.bound, here)
        )
        for param, child in node.params:
            out.append(f"{pad}if {_fits(segment, segment, param)}:")
            self.node(out, indent + 2, child, at.param(param, here))
        if node.catch_all is not None:
            name, tail = node.catch_all
            if tail.leaf:  # always: a catch-all ends its route
                out.append(f"{pad}rest = '/'.join(parts[{end}:])")
                out.append(f"{pad}if rest:")
                self.leaf(out, indent + 2, tail.leaf, at.rest(name, here))

    def static_children(self, out: list[str], indent: int, node: TrieNode, at: _Place) -> None:
        """The static children of ``node``: a chain of tests, or a dict of functions."""
        pad = _INDENT * indent
        segment = f"s{at.depth + 1}"
        if len(node.static) > DISPATCH_OVER:
            entries = ", ".join(
                f"{text!r}: {self.function(child, at.static(text, frozenset()))}"
                for text, child in node.static.items()
            )
            table = f"_d{len(self.tables)}"
            self.tables.append(f"{table} = {{{entries}}}")
            out += [
                f"{pad}f = {table}.get({segment})",
                f"{pad}if f is not None:",
                f"{pad}    r = f(method, path, parts, n)",
                f"{pad}    if r is not None:",
                f"{pad}        return r",
            ]
            return
        keyword = "if"
        for text, child in node.static.items():
            out.append(f"{pad}{keyword} {segment} == {text!r}:")
            keyword = "elif"
            before = len(out)
            self.node(out, indent + 1, child, at.static(text, at.local))
            if len(out) == before:
                out.append(f"{pad}{_INDENT}pass")

    def function(self, node: TrieNode, at: _Place) -> str:
        """The name of a new function for ``node`` (a dispatch dict's child): its answer,
        or None when nothing below answers."""
        name = f"_n{len(self.functions)}"
        body = [f"def {name}(method, path, parts, n):"]
        self.functions.append(body)
        self.node(body, 1, node, at)
        body.append(f"{_INDENT}return None")
        return name

    def leaf(self, out: list[str], indent: int, leaf: Mapping[str, Route], at: _Place) -> None:
        """Where a route ends: its answer (on gin, nothing when the method is not there)."""
        pad = _INDENT * indent
        shown = " ".join(str(r) for r in dict.fromkeys(leaf.values()))
        out.append(f"{pad}# {shown!r}")
        any_route = leaf.get(ANY_METHOD)
        if at.static_path is not None and not at.bound:
            answers = self.name("s", self.answers[at.static_path])
            out += [
                f"{pad}r = {answers}.get(method)",
                f"{pad}if r is not None:",
                f"{pad}    return r",
            ]
            if any_route is not None:
                route = self.name("r", any_route)
                out.append(f"{pad}return _Match(method=method, path=path, route={route})")
            elif not self.method_first:
                out.append(f"{pad}return {self.miss(frozenset(leaf))}")
            return
        params = ", ".join(f"{b.name!r}: {_value(b, at.local)}" for b in at.bound)

        def hit(route: str) -> str:
            return f"_Match(method=method, path=path, route={route}, params=_proxy({{{params}}}))"

        routes = {m: r for m, r in leaf.items() if m != ANY_METHOD}
        if self.implicit_head and "GET" in leaf and "HEAD" not in leaf and any_route is None:
            routes["HEAD"] = leaf["GET"]  # axum answers HEAD with the GET handler
        if any_route is not None:
            table, fallback = self.name("r", routes), self.name("r", any_route)
            out.append(f"{pad}return {hit(f'{table}.get(method, {fallback})')}")
            return
        if len(routes) == 1:
            ((method, only),) = routes.items()
            out.append(f"{pad}if method == {method!r}:")
            out.append(f"{pad}    return {hit(self.name('r', only))}")
        else:
            out += [
                f"{pad}r = {self.name('r', routes)}.get(method)",
                f"{pad}if r is not None:",
                f"{pad}    return {hit('r')}",
            ]
        if not self.method_first:
            out.append(f"{pad}return {self.miss(frozenset(leaf))}")


def _fits(first: str, segment: str, param: Param) -> str:
    """The condition under which ``param`` takes the segment named ``segment``
    (``first``: how its first use reads)."""
    if not param.prefix and not param.suffix:
        return first  # a parameter is never empty
    tests = [f"len({first}) > {len(param.prefix) + len(param.suffix)}"]
    if param.prefix:
        tests.append(f"{segment}.startswith({param.prefix!r})")
    if param.suffix:
        tests.append(f"{segment}.endswith({param.suffix!r})")
    return " and ".join(tests)


def _value(bound: _Bound, local: frozenset[int]) -> str:
    """The expression of a parameter's value at a leaf."""
    if bound.index == 0:
        return "rest"
    segment = f"s{bound.index}" if bound.index in local else f"parts[{bound.index}]"
    if not bound.start and not bound.stop:
        return segment
    return f"{segment}[{bound.start}:{-bound.stop if bound.stop else ''}]"


def generate(
    root: TrieNode,
    *,
    answers: Mapping[str, Mapping[str, object]],
    implicit_head: bool,
    method_first: bool,
    method_not_allowed: bool,
    inline_miss: bool,
) -> Generated:
    """The source of ``match(method, path)`` for the trie at ``root``.

    ``answers`` holds the answers built beforehand for each static route's path, by method.
    With ``inline_miss`` a miss is built in place; otherwise the function calls ``_miss``
    (gin's trailing-slash redirect needs another lookup). On gin (``method_first``) a
    route without the method does not end the search, and when no route answers, the
    function returns ``_gin_miss(method, path)``. The returned names leave out
    ``_Match``, ``_proxy``, ``_none``, ``_walk``, ``_miss`` and ``_gin_miss``, which the
    caller binds; the source defines the functions of dispatch dicts (``_n<k>``) and the
    dicts (``_d<k>``) itself.
    """
    writer = _Writer(
        answers=answers,
        implicit_head=implicit_head,
        method_first=method_first,
        inline_miss=inline_miss,
        method_not_allowed=method_not_allowed,
    )
    body = [
        "def match(method, path):",
        "    method = method.upper()",
        "    if '?' in path:",
        "        path = path.partition('?')[0]",
        # Segment k is parts[k]; a path that does not start with "/" (but "") is no path
        # from the root, and "" has one part, which no route ends in.
        f"    parts = path.split('/', {MAX_DEPTH + 1})",
        "    if parts[0]:",
        f"        return {writer.miss(frozenset())}",
        "    n = len(parts)",
    ]
    writer.node(body, 1, root, _Place(0, "", (), frozenset()))
    final = "_gin_miss(method, path)" if method_first else writer.miss(frozenset())
    body.append(f"    return {final}")
    blocks = ["\n".join(lines) for lines in [body, *writer.functions]]
    if writer.tables:
        blocks.append("\n".join(writer.tables))
    return Generated(source="\n\n\n".join(blocks) + "\n", names=writer.names)
