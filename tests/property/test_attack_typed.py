"""Every public function and method, fed hostile arguments, raises only agroutes' errors.

The callables are found, not listed: every function in ``agroutes.__all__``,
``agroutes.tables`` and ``agroutes.profiles``, the constructors that check their input
(:class:`Route`, :class:`RouteTable`, the error classes), and every public method and
printed form (``str``, ``repr``, ``explain``, ``to_mapping``) of every type in
``agroutes.results`` and of the vocabulary the others return (``RouteTable``, ``Route``,
``ClientProfile``). Plain data classes without checks (``ClientProfile``'s own
constructor, ``RequestSpec``...) and the enums' lookups (``ProblemKind("x")`` is the
``ValueError`` of Python's enum protocol) are not called; ``agroutes.strategies`` is left out.

Each parameter in turn gets every hostile value (text of every shape and size, JSON and
TOML nested thousands deep, integers of thousands of digits, bytes, None, numbers, wrong
types, Python containers nested thousands deep) while the others keep a valid value. What
may escape: an :class:`~agroutes.AgroutesError`; a ``TypeError`` when the value is not of
the parameter's annotated type; for :func:`load_route_table`, the ``OSError`` its docstring
promises for a file that cannot be read. Anything answered is printed in every form too.
"""

from __future__ import annotations

import functools
import inspect
import json
import os
import sys
import types
import typing
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from yarl import URL

import agroutes
import agroutes.profiles
import agroutes.results
import agroutes.tables
from agroutes import AgroutesError, client, diagnose, diagnose_path, route_table, triage
from agroutes.tables import Route, RouteTable

MEGABYTE = 1 << 20


def _nested_list(depth: int) -> list[object]:
    value: list[object] = []
    for _ in range(depth):
        value = [value]
    return value


def _nested_dict(depth: int) -> dict[str, object]:
    value: dict[str, object] = {}
    for _ in range(depth):
        value = {"routes": value}
    return value


class _Hostile:
    """An object whose every printed form raises: agroutes must not print what it is given."""

    def __repr__(self) -> str:
        raise RuntimeError("repr of a hostile object")

    __str__ = __repr__


HUGE_INT = 10**5000
#: name -> value; the names are the ids the failures are reported by.
HOSTILE: dict[str, object] = {
    "empty": "",
    "space": " ",
    "nul": "\x00",
    "surrogate": "\ud800",
    "zh": "中文",
    "upper-en": "EN",
    "lang-ish": "zh_CN.UTF-8",
    "url": "http://u:secret@127.0.0.1:8045/v1?key=sk-abcdefghijklmnopqrstuv",
    "path": "/v1/v1/chat/completions",
    "dots": "/../..",
    "braces": "/{a}/{*b}/{",
    "percent": "%zz%",
    "method": "G E T",
    "control": "\x1b[31m\r\n",
    "huge-text": "a" * MEGABYTE,
    "huge-path": "/v1" * (MEGABYTE // 3),
    "huge-digits": "9" * 5000,
    "json-nested": "[" * 5000 + "]" * 5000,
    "json-open": "[" * 3000,
    "json-objects": '{"a":' * 3000 + "1" + "}" * 3000,
    "json-huge-int": '[{"methods": "GET", "pattern": ' + "1" * 5000 + "}]",
    "json-huge-int-doc": '{"routes": [], "id": ' + "7" * 5000 + "}",
    "json-routes-nested": '{"routes": [' + "[" * 5000 + "]" * 5000 + "]}",
    "toml-nested": "a = " + "[" * 3000 + "]" * 3000,
    "toml-inline": "a = " + "{b = " * 3000 + "1" + "}" * 3000,
    "toml-huge-int": "[[routes]]\nmethods = 'GET'\npattern = " + "1" * 5000,
    "bytes": b"http://127.0.0.1:8045",
    "bytes-bad": b"\xff\xfe",
    "bytes-nested": b"[" * 3000,
    "bytes-huge": b"x" * MEGABYTE,
    "none": None,
    "zero": 0,
    "negative": -1,
    "status": 404,
    "huge-int": HUGE_INT,
    "true": True,
    "nan": float("nan"),
    "inf": float("inf"),
    "list": ["http://127.0.0.1:8045"],
    "list-of-ints": [HUGE_INT],
    "dict": {"routes": [{"methods": "GET", "pattern": "/x"}]},
    "dict-int-key": {HUGE_INT: 1},
    "dict-bad-route": {"routes": [{"methods": "GET", "pattern": HUGE_INT}]},
    "dict-bad-methods": {"routes": [{"methods": [HUGE_INT], "pattern": "/x"}]},
    "dict-bad-protocol": {"routes": [{"methods": "GET", "pattern": "/x", "protocol": HUGE_INT}]},
    "dict-bad-option": {"routes": [], "method_first": HUGE_INT},
    "dict-bad-router": {"routes": [], "router": _nested_list(5000)},
    "set": {"a"},
    "tuple": ("a", "b"),
    "object": object(),
    "hostile-object": _Hostile(),
    "nested-list": _nested_list(100_000),
    "nested-dict": _nested_dict(100_000),
    "routes-nested": {"routes": [_nested_list(100_000)]},
    "url-object": URL("http://127.0.0.1:8045/v1"),
    "path-object": Path("/nonexistent/agroutes-table.json"),
}


# --- valid values, by parameter name --------------------------------------------------------

TABLE_DATA = [{"methods": "POST", "pattern": "/v1/chat/completions", "protocol": "openai"}]
VALID: dict[str, object] = {
    "base_url": "http://127.0.0.1:8045/v1",
    "value": "http://127.0.0.1:8045/v1",
    "client": "openai-python",
    "id_or_profile": "openai-python",
    "table": "antigravity",
    "routes": "antigravity",
    "method": "POST",
    "path": "/v1/v1/messages",
    "status": 404,
    "text": "http://127.0.0.1:8045/v1",
    "data": TABLE_DATA,
    "lang": "en",
    "name": "api_version",
    "prefix": "/ag",
    "pattern": "/v1/x",
    "methods": frozenset({"GET"}),
    "reason": "a reason",
    "part": "path",
    "suggestions": ("a",),
    "choices": ("en", "zh"),
    "position": 0,
    "client_id": "codex",
    "setting": "model",
    "query": None,
    "keep_userinfo": True,
    "entry": 0,
    "format_spec": "",
}
#: Values of the file and document functions' main parameter, by function name.
VALID_BY_FUNCTION: dict[str, dict[str, object]] = {
    "table_from_json": {"text": json.dumps(TABLE_DATA)},
    "table_from_toml": {"text": "[[routes]]\nmethods = 'GET'\npattern = '/x'\n"},
    "table_to_data": {"table": route_table("antigravity@3.3.50")},
    "mount": {"prefix": "/ag"},
    "allows": {"method": "GET"},
    "setting": {"name": "api_version"},
    "InvalidBaseURL": {"text": "x", "part": "host"},
    "InvalidRoutePattern": {"pattern": "/x"},
    "RouteTable": {"routes": route_table("antigravity@3.3.50").routes},
    "load_route_table": {
        "path": Path(agroutes.__file__).parent / "data" / "new-api.json",
    },
}


# --- which values a parameter's annotation admits -------------------------------------------


def _admits(annotation: object, value: object) -> bool:
    """Is ``value`` of the annotated type (as far as a runtime check can tell)?"""
    if annotation is inspect.Parameter.empty or annotation is object or annotation is Any:
        return True
    origin = typing.get_origin(annotation)
    if origin in (types.UnionType, typing.Union):
        return any(_admits(a, value) for a in typing.get_args(annotation))
    if annotation is None or annotation is type(None):
        return value is None
    if origin is not None:
        if not isinstance(value, origin):
            return False
        args = typing.get_args(annotation)
        if origin in (tuple,) and args and args[-1] is not Ellipsis:
            return True
        if isinstance(value, Mapping):
            # A mapping passed where an iterable is annotated is iterated over its keys.
            if (isinstance(origin, type) and issubclass(origin, Mapping)) or not args:
                return True
            return all(_admits(args[0], key) for key in value)
        if isinstance(value, Sequence | frozenset | set) and args and not isinstance(value, str):
            return all(_admits(args[0], item) for item in value)
        return True
    if annotation is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if isinstance(annotation, type):
        return isinstance(value, annotation)
    return True


def _hints(function: Callable[..., object]) -> dict[str, object]:
    target = function.__init__ if inspect.isclass(function) else function
    target = inspect.unwrap(target)
    module = sys.modules.get(
        getattr(target, "__module__", None) or "builtins", sys.modules["builtins"]
    )
    names = {**vars(module), "os": os, "URL": URL}
    try:
        return typing.get_type_hints(target, globalns=names)
    except (NameError, TypeError):  # a builtin's slot wrapper has no annotations
        return {}


# --- the calls ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Call:
    name: str  # "diagnose", "Diagnosis.explain", ...
    function: Callable[..., object]
    fixed: tuple[object, ...] = ()  # leading positional arguments (self for methods)
    allowed: tuple[type[BaseException], ...] = (AgroutesError,)


def _module_functions() -> Iterator[Call]:
    seen: set[int] = set()
    for module in (agroutes, agroutes.tables, agroutes.profiles):
        for name in module.__all__:
            obj = getattr(module, name)
            if inspect.isclass(obj) or not callable(obj) or id(obj) in seen:
                continue
            seen.add(id(obj))
            extra = (OSError,) if name in ("load_route_table", "load_client") else ()
            yield Call(name, obj, allowed=(AgroutesError, *extra))
    for cls in (Route, RouteTable, *_error_classes()):
        yield Call(cls.__name__, cls)


def _error_classes() -> list[type[AgroutesError]]:
    return [
        getattr(agroutes, n)
        for n in agroutes.__all__
        if inspect.isclass(getattr(agroutes, n)) and issubclass(getattr(agroutes, n), Exception)
    ]


@functools.cache
def instances() -> dict[type, list[object]]:
    """Values of every public type, as agroutes answers them."""
    found: dict[type, list[object]] = {}

    def add(*objects: object) -> None:
        for obj in objects:
            kept = found.setdefault(type(obj), [])
            if obj is not None and all(obj is not k for k in kept):
                kept.append(obj)

    diagnoses = [
        diagnose("http://u:p@127.0.0.1:8045/v1/v1?x=1", "openai-python"),
        diagnose("http://127.0.0.1:8045", "google-genai"),  # no Base URL: alternatives
        diagnose("http://127.0.0.1:8045/v1", "codex"),
    ]
    for d in diagnoses:
        add(d, d.base_url, d.client, d.table, *d.problems, *d.suggestions)
        for checked in d.requests:
            add(checked, checked.request, checked.match)
    pd = diagnose_path("POST", "/v1/v1/chat/completions?key=sk-x")
    add(pd, pd.meant, pd.match, *pd.senders, pd.route)
    add(triage(404, "/v1/v1/messages", body='{"error": {"message": "x"}}'))
    add(agroutes.suggest_rewrite("POST", "/v1/v1/messages"))
    add(route_table("antigravity").routes[0], client("gemini-cli"))
    public = {
        getattr(m, n)
        for m in (agroutes, agroutes.tables, agroutes.profiles, agroutes.results)
        for n in m.__all__
        if inspect.isclass(getattr(m, n))
    }
    missing = [t.__name__ for t in vars(agroutes.results).values() if _is_result(t, found)]
    assert not missing, f"no instance of {missing}"
    return {t: v for t, v in found.items() if t in public}


def _is_result(t: object, found: Mapping[type, object]) -> bool:
    return (
        inspect.isclass(t)
        and t.__module__ == "agroutes.results"
        and not issubclass(t, str)  # the kinds are string enums
        and t not in found
    )


def _method_calls() -> Iterator[Call]:
    for cls, objects in instances().items():
        for name, attr in inspect.getmembers(cls):
            if name.startswith("_") and name not in ("__str__", "__repr__"):
                continue
            if not callable(attr) or inspect.isclass(attr):
                continue
            for obj in objects[:2]:
                yield Call(f"{cls.__name__}.{name}", getattr(cls, name), fixed=(obj,))


def calls() -> list[Call]:
    return [*_module_functions(), *_method_calls()]


def _arguments(call: Call) -> tuple[list[inspect.Parameter], dict[str, object]]:
    """The parameters that take a value (after the fixed ones), and a valid value for each."""
    try:
        signature = inspect.signature(call.function)
    except ValueError:  # Exception's own constructor: AgroutesError(*args)
        return [], {}
    params = list(signature.parameters.values())[len(call.fixed) :]
    own = VALID_BY_FUNCTION.get(call.name.rpartition(".")[2], {})
    valid: dict[str, object] = {}
    for p in params:
        if p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD):
            continue
        if p.name in own:
            valid[p.name] = own[p.name]
        elif p.default is not p.empty:
            valid[p.name] = p.default
        elif p.name in VALID:
            valid[p.name] = VALID[p.name]
        else:
            raise AssertionError(f"{call.name}: no valid value for {p.name!r}")
    return params, valid


def _invoke(
    call: Call, params: Sequence[inspect.Parameter], values: Mapping[str, object]
) -> object:
    args: list[object] = list(call.fixed)
    kwargs: dict[str, object] = {}
    for p in params:
        if p.kind is p.VAR_KEYWORD:
            kwargs.update(values.get("**", {}))  # type: ignore[call-overload]
        elif p.kind is p.VAR_POSITIONAL:
            continue
        elif p.kind is p.POSITIONAL_ONLY:
            args.append(values[p.name])
        else:
            kwargs[p.name] = values[p.name]
    return call.function(*args, **kwargs)


def _print_all(obj: object, depth: int = 0) -> None:
    """Every printed form of an answer (and of what it holds) works."""
    if depth > 2 or obj is None or isinstance(obj, str | int | float | bool | bytes):
        return
    str(obj)
    repr(obj)
    for lang in ("en", "zh"):
        explain = getattr(obj, "explain", None)
        if callable(explain):
            explain(lang)
    mapping = getattr(obj, "to_mapping", None)
    if callable(mapping):
        json.dumps(mapping())
    if isinstance(obj, tuple | list):
        for item in obj[:4]:
            _print_all(item, depth + 1)


@dataclass(frozen=True)
class Escape:
    call: str
    parameter: str  # the one that got the hostile value ("" for the valid call)
    value: str  # its name in HOSTILE, or its type
    error: str
    message: str

    def __str__(self) -> str:
        return f"{self.call}({self.parameter}={self.value}): {self.error}: {self.message}"


@dataclass
class Tally:
    calls: int = 0
    escaped: list[Escape] = field(default_factory=list)


def attempt(
    tally: Tally,
    call: Call,
    params: Sequence[inspect.Parameter],
    values: Mapping[str, object],
    parameter: str = "",
) -> None:
    """One call; an escaping exception is recorded in ``tally``."""
    hints = _hints(call.function)
    tally.calls += 1
    try:
        _print_all(_invoke(call, params, values))
    except call.allowed:
        pass
    except TypeError as exc:
        if all(_admits(hints.get(p.name, p.empty), v) for p, v in _given(params, values)):
            _record(tally, call, parameter, values, exc)
    except Exception as exc:
        _record(tally, call, parameter, values, exc)


def _given(
    params: Sequence[inspect.Parameter], values: Mapping[str, object]
) -> Iterator[tuple[inspect.Parameter, object]]:
    """Each parameter with the value it gets (each ``**`` value against its annotation)."""
    for p in params:
        if p.kind is p.VAR_KEYWORD:
            extra = values.get("**", {})
            assert isinstance(extra, dict)
            yield from ((p, v) for v in extra.values())
        elif p.kind is not p.VAR_POSITIONAL:
            yield p, values.get(p.name)


def _plain(params: Sequence[inspect.Parameter]) -> list[inspect.Parameter]:
    return [p for p in params if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]


_NAMES = {id(v): k for k, v in HOSTILE.items()}


def _record(
    tally: Tally, call: Call, parameter: str, values: Mapping[str, object], exc: BaseException
) -> None:
    given = values.get("**") if parameter == "**" else values.get(parameter)
    if isinstance(given, dict) and parameter == "**":
        given = next(iter(given.values()))
    try:
        message = str(exc)[:100] if not isinstance(exc, RecursionError) else "recursion"
    except Exception:
        message = "<the message cannot be printed>"
    value = _NAMES.get(id(given), type(given).__name__)
    tally.escaped.append(Escape(call.name, parameter, value, type(exc).__name__, message))


def sweep(call: Call) -> Tally:
    """Each parameter of ``call`` in turn gets every hostile value."""
    tally = Tally()
    params, valid = _arguments(call)
    attempt(tally, call, params, valid)  # the valid call is tried too
    for p in params:
        if p.kind is p.VAR_POSITIONAL:
            continue
        for name, value in HOSTILE.items():
            if (call.name, p.name, name) in SLOW:
                continue
            if p.kind is p.VAR_KEYWORD:
                keyword = "id" if call.name.startswith("table_from") else "api_version"
                values: dict[str, object] = {**valid, "**": {keyword: value}}
                attempt(tally, call, params, values, "**")
            else:
                values = {**valid, p.name: value}
                attempt(tally, call, params, values, p.name)
    return tally


CALLS = calls()


def test_every_public_callable_is_swept() -> None:
    names = {c.name for c in CALLS}
    assert {
        "diagnose",
        "triage",
        "table_from_json",
        "load_route_table",
        "Diagnosis.explain",
    } <= names
    for result in ("Problem", "CheckedRequest", "Suggestion", "PathDiagnosis", "Sender", "Triage"):
        assert f"{result}.explain" in names, result
    assert len(CALLS) > 60


#: Escapes found in modules this test's author does not own, reported to their owners (the
#: report of issue 18 has the details): (callable, parameter) -> where the bug is. They are
#: all non-str values (a huge integer, a deep list, an object whose repr raises) that a
#: message quotes with ``!r``, or a missing type check. An entry can go once it is fixed.
KNOWN: dict[tuple[str, str], str] = {}
#: Calls left out because they take minutes (none since mount() bounds its prefix).
SLOW: set[tuple[str, str, str]] = set()


@pytest.mark.parametrize("call", [pytest.param(c, id=c.name) for c in CALLS])
def test_hostile_arguments_raise_only_typed_errors(call: Call) -> None:
    tally = sweep(call)
    unknown = [e for e in tally.escaped if (e.call, e.parameter) not in KNOWN]
    assert not unknown, "\n".join(map(str, unknown[:20]))


@pytest.mark.parametrize(
    "result",
    ["Diagnosis", "Problem", "CheckedRequest", "Suggestion", "PathDiagnosis", "Sender", "Triage"],
)
@pytest.mark.parametrize("lang", ["fr", "", "EN", None, 3, ["en"], "\ud800", "x" * MEGABYTE])
def test_explain_in_an_unknown_language_is_unknown_language(result: str, lang: object) -> None:
    cls = getattr(agroutes.results, result)
    for obj in instances()[cls]:
        with pytest.raises(agroutes.UnknownLanguage) as info:
            obj.explain(lang)  # type: ignore[attr-defined]
        assert len(str(info.value)) < 200


def test_load_route_table_reads_hostile_files(tmp_path: Path) -> None:
    tally = Tally()
    call = Call("load_route_table", agroutes.tables.load_route_table, allowed=(AgroutesError,))
    params, _valid = _arguments(call)
    for name, content in HOSTILE.items():
        if not isinstance(content, str | bytes):
            continue
        data = content.encode("utf-8", "surrogatepass") if isinstance(content, str) else content
        for suffix in (".json", ".toml"):
            file = tmp_path / f"{name}{suffix}"
            file.write_bytes(data)
            attempt(tally, call, params, {"path": file})
    assert tally.calls > 40
    assert not tally.escaped, "\n".join(map(str, tally.escaped[:20]))


# --- Hypothesis: values drawn from every type at once ---------------------------------------

_JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=30,
)
_VALUES = st.one_of(
    st.text(),
    st.binary(),
    st.integers(),
    _JSONISH,
    _JSONISH.map(json.dumps),
    st.sampled_from(list(HOSTILE.values())),
    st.builds(
        lambda d, c: c * d, st.integers(1, 5000), st.sampled_from(["[", "{", '{"a":', "a=["])
    ),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_drawn_arguments_raise_only_typed_errors(data: st.DataObject) -> None:
    call = data.draw(st.sampled_from(CALLS), label="call")
    params, valid = _arguments(call)
    plain = _plain(params)
    values = dict(valid)
    for p in data.draw(st.lists(st.sampled_from(plain), max_size=3, unique=True)) if plain else []:
        values[p.name] = data.draw(_VALUES, label=p.name)
    tally = Tally()
    attempt(tally, call, params, values, parameter="drawn")
    unknown = [e for e in tally.escaped if not _known(call, values, valid)]
    assert not unknown, [str(e) for e in unknown]


def _known(call: Call, values: Mapping[str, object], valid: Mapping[str, object]) -> bool:
    """Whether a drawn call gave a parameter with a known escape a value of its own (which
    may then be what escapes)."""
    changed = [k for k, v in values.items() if valid.get(k, object()) is not v] or [""]
    return any((call.name, k) in KNOWN for k in changed)
