"""Hypothesis strategies for your own property-based tests of Base URLs and proxies.

Install the extra (``pip install "agroutes[hypothesis]"``); ``import agroutes`` alone never
imports Hypothesis. The strategies follow Hypothesis's own API style: plural names,
keyword-only arguments, arguments checked when the strategy is built
(:class:`hypothesis.errors.InvalidArgument`), and shrinking towards the simple case (the
first built-in client, the unmounted table, ``http://127.0.0.1:8045``).

=======================  ===================================================================
strategy                 draws
=======================  ===================================================================
:func:`clients`          built-in client profiles, also with the settings their diagnoses
                         suggest (google-genai with ``api_version='v1beta'``)
:func:`route_tables`     built-in route tables, also mounted under a generated prefix (a
                         proxy behind nginx at ``/ag``)
:func:`base_urls`        Base URL text for one client: a working one (``valid=True``) or a
                         working one with one common mistake made (``valid=False``)
:func:`request_paths`    request paths that a table routes (or, ``valid=False``, does not)
:func:`diagnoses`        :class:`~agroutes.Diagnosis` values, good and bad
=======================  ===================================================================

A property test of your own proxy configuration, written with these strategies:

>>> from hypothesis import given, settings
>>> from agroutes import diagnose
>>> from agroutes.strategies import base_urls
>>> @settings(max_examples=20)
... @given(url=base_urls(client="claude-code", valid=False))
... def test_every_mistake_has_a_fix_that_works(url):
...     d = diagnose(url, "claude-code")
...     assert not d.ok
...     assert diagnose(d.corrected_base_url, "claude-code").ok
>>> test_every_mistake_has_a_fix_that_works()

With the entry point registered (see the README), ``st.from_type(Diagnosis)``,
``st.from_type(ClientProfile)`` and ``st.from_type(RouteTable)`` use these strategies.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from ._cache import cached
from ._clients import BUILTIN_CLIENTS, client
from ._diagnosis import Diagnosis, ProblemKind, diagnose
from ._errors import InvalidClientSetting, UnknownClient, UnknownRouteTable
from ._presets import BUILTIN_TABLES, route_table
from ._profiles import ClientProfile
from ._resolve import resolve
from ._table import RouteTable
from ._vocab import Protocol

__all__ = [
    "MISTAKES",
    "base_urls",
    "clients",
    "diagnoses",
    "request_paths",
    "route_tables",
]

#: The mistakes :func:`base_urls` makes, named by the :class:`~agroutes.ProblemKind` that
#: describes them. ``wrong-prefix`` puts another version segment where the right one goes.
MISTAKES: tuple[str, ...] = (
    ProblemKind.DUPLICATED_PREFIX.value,  # /v1 + the client's own /v1/...
    ProblemKind.STACKED_PATH.value,  # a whole endpoint URL pasted as the Base URL
    ProblemKind.MISSING_PREFIX.value,  # /v1 (or the mount prefix) left out
    ProblemKind.EXTRA_SLASH.value,  # a trailing "/", "//", a doubled "/" inside
    ProblemKind.QUERY_IN_BASE.value,  # ?x=1 on the Base URL
    ProblemKind.WRONG_PREFIX.value,  # /v1beta where /v1 belongs, /v2, ...
    ProblemKind.CREDENTIALS_IN_BASE.value,  # user:password@ in the Base URL
)

_HOSTS = ("127.0.0.1", "localhost", "[::1]", "0.0.0.0", "192.168.1.20", "proxy.example")  # noqa: S104 - text, not a bind
_VERSIONS = ("/v1", "/v1beta", "/v1alpha", "/v2", "/v3")
_QUERIES = ("x=1", "api-version=2024-10-21", "beta=true", "")
_USERINFO = ("user:password", "apikey")
_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")
# Mount segments never look like a version or an endpoint word, so that a mounted table
# has the same meaning as the bare one (a mount at /v1 would change what "missing" means).
_ENDPOINT_WORDS = frozenset(
    [
        "models",
        "responses",
        "messages",
        "chat",
        "completions",
        "api",
        "mcp",
        "health",
        "healthz",
        "internal",
        "auth",
        "compact",
        "images",
        "audio",
        "openai",
        "anthropic",
        "gemini",
        "google",
        "embeddings",
        "engines",
        "files",
        "mj",
        "suno",
    ]
)
_MOUNT_SEGMENT = re.compile(r"[a-uw-z][a-z0-9\-]{0,6}")
_PARAM = re.compile(r"\{(\*?)([^{}]*)\}")
_DEFAULT_ORIGIN = "http://127.0.0.1:8045"


# --- argument checks ----------------------------------------------------------------------


def _check_bool(name: str, value: object) -> bool:
    if not isinstance(value, bool):
        raise InvalidArgument(f"{name}={value!r} must be True or False")
    return value


def _check_client(value: object) -> ClientProfile:
    if not isinstance(value, str | ClientProfile):
        raise InvalidArgument(f"client={value!r} must be a client id or a ClientProfile")
    try:
        return client(value)
    except UnknownClient as exc:
        raise InvalidArgument(f"client={value!r}: {exc}") from None


def _check_table(value: object, name: str = "routes") -> RouteTable:
    if not isinstance(value, str | RouteTable):
        raise InvalidArgument(f"{name}={value!r} must be a route table id or a RouteTable")
    try:
        return route_table(value)
    except UnknownRouteTable as exc:
        raise InvalidArgument(f"{name}={value!r}: {exc}") from None


def _check_protocols(value: object) -> frozenset[Protocol] | None:
    if value is None:
        return None
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise InvalidArgument(f"protocols={value!r} must be a collection of protocols")
    out = set()
    for item in value:
        try:
            out.add(Protocol(item))
        except ValueError:
            choices = ", ".join(repr(p.value) for p in Protocol)
            raise InvalidArgument(f"protocols: {item!r} is not one of {choices}") from None
    if not out:
        raise InvalidArgument("protocols=[] leaves nothing to draw; pass None for all")
    return frozenset(out)


def _check_mistakes(value: object) -> tuple[str, ...]:
    if value is None:
        return MISTAKES
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise InvalidArgument(
            f"mistakes={value!r} must be a collection of mistake names, e.g. "
            f"mistakes=[{MISTAKES[0]!r}]"
        )
    names: list[str] = []
    for item in value:
        name = item.value if isinstance(item, ProblemKind) else item
        if name not in MISTAKES:
            known = ", ".join(repr(m) for m in MISTAKES)
            raise InvalidArgument(f"mistakes: {item!r} is not one of {known}")
        if name not in names:
            names.append(name)
    if not names:
        raise InvalidArgument("mistakes=[] leaves nothing to draw; pass None for all")
    return tuple(names)


# --- clients and route tables -----------------------------------------------------------


def _variants(profile: ClientProfile) -> list[ClientProfile]:
    """The profile, then the profile with each setting its own alternatives name."""
    out = [profile]
    for alt in profile.alternatives:
        settings = dict(alt.settings)
        if alt.client is not None or not settings:
            continue  # another mode is another built-in client, drawn on its own
        if all(profile.setting(k) == v for k, v in settings.items()):
            continue  # already the default (gemini-cli's api_version)
        try:
            out.append(profile.with_settings(**settings))
        except InvalidClientSetting:  # pragma: no cover - built-in alternatives are valid
            continue
    return out


def clients(
    *,
    protocols: Collection[Protocol | str] | None = None,
    usable_on: str | RouteTable | None = None,
) -> st.SearchStrategy[ClientProfile]:
    """Built-in client profiles, also with the path-changing settings they offer as a fix.

    ``protocols`` keeps only clients of those protocols (``"openai"``, ``"anthropic"``,
    ``"gemini"``). ``usable_on`` keeps only clients for which some Base URL works on that
    route table: the default ``google-genai`` (API version ``v1``) has none on Antigravity,
    ``google-genai`` with ``api_version='v1beta'`` has.

    Shrinks towards the first built-in client, ``openai-python``.
    """
    wanted = _check_protocols(protocols)
    table = None if usable_on is None else _check_table(usable_on, "usable_on")
    profiles = [
        variant
        for profile in BUILTIN_CLIENTS.values()
        if wanted is None or profile.protocol in wanted
        for variant in _variants(profile)
        if table is None or _good_path(variant, table) is not None
    ]
    if not profiles:
        raise InvalidArgument(
            f"no built-in client matches protocols={protocols!r}, usable_on={usable_on!r}"
        )
    return st.sampled_from(profiles)


def _mount_prefixes() -> st.SearchStrategy[str]:
    segment = st.from_regex(_MOUNT_SEGMENT, fullmatch=True).filter(
        lambda s: s not in _ENDPOINT_WORDS
    )
    return st.lists(segment, min_size=1, max_size=2).map(lambda parts: "/" + "/".join(parts))


def route_tables(
    *, presets: Collection[str | RouteTable] | None = None, mounted: bool = True
) -> st.SearchStrategy[RouteTable]:
    """Built-in route tables; with ``mounted=True`` also served under a generated prefix.

    ``presets`` names the tables to draw from, by preset id or as
    :class:`~agroutes.RouteTable` objects of your own (default: every built-in table,
    aliases counted once). A mounted table is what a proxy behind a reverse proxy at ``/ag``
    serves: ``route_table(id).mount("/ag")``. Shrinks towards the first preset, unmounted.
    """
    _check_bool("mounted", mounted)
    if presets is None:
        names: Iterable[object] = BUILTIN_TABLES
    elif isinstance(presets, str) or not isinstance(presets, Iterable):
        raise InvalidArgument(f"presets={presets!r} must be a collection of table ids")
    else:
        names = presets
    tables: dict[str, RouteTable] = {}
    for name in names:
        table = _check_table(name, "presets")
        tables.setdefault(table.id, table)
    if not tables:
        raise InvalidArgument("presets=[] leaves nothing to draw; pass None for all")
    bare = st.sampled_from(list(tables.values()))
    if not mounted:
        return bare
    return st.one_of(bare, st.builds(_mounted, bare, _mount_prefixes()))


@cached(maxsize=256)
def _mounted(table: RouteTable, prefix: str) -> RouteTable:
    # Compiling a mounted table costs a little; the same draw comes back while shrinking.
    return table.mount(prefix)


# --- Base URLs --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Variant:
    """A Base URL minus its origin: what the client joins onto, plus optional userinfo."""

    mistake: str | None
    userinfo: str | None
    rest: str  # path and query, exactly as typed


@dataclass(frozen=True, slots=True)
class _Plan:
    good: _Variant
    bad: tuple[_Variant, ...]


def _url(origin: str, variant: _Variant) -> str:
    if variant.userinfo is None:
        return origin + variant.rest
    scheme, _, host = origin.partition("://")
    return f"{scheme}://{variant.userinfo}@{host}{variant.rest}"


@cached(maxsize=512)
def _good_path(profile: ClientProfile, table: RouteTable) -> str | None:
    """The path of a Base URL that works: the documented shape, else the correction."""
    first = table.mount_prefix + profile.base_shape.prefix
    d = diagnose(_DEFAULT_ORIGIN + first, profile, routes=table)
    if d.ok:
        return first
    if d.corrected_base_url is None:
        return None
    path = d.corrected_base_url.raw_path
    for candidate in ("", path) if path == "/" else (path,):
        if diagnose(_DEFAULT_ORIGIN + candidate, profile, routes=table).ok:
            return candidate
    return None  # pragma: no cover - a correction always diagnoses ok (a law)


def _version_segment(profile: ClientProfile, good: str) -> str:
    """The version segment the client itself puts after the Base URL, else /v1."""
    if profile.base_shape.prefix:
        return profile.base_shape.prefix
    for request in resolve(_DEFAULT_ORIGIN + good, profile):
        head = request.path[len(good) :].split("/")[1:2]
        if head and re.fullmatch(r"v\d+(?:alpha|beta)?\d*", head[0]):
            return "/" + head[0]
    return "/v1"


def _endpoints(profile: ClientProfile, table: RouteTable, good: str) -> list[str]:
    """Endpoint paths a person might paste as the Base URL: the client's own, then the
    table's static routes of the client's protocol."""
    own = [r.path for r in resolve(_DEFAULT_ORIGIN + good, profile)]
    others = sorted(
        r.pattern for r in table.routes if profile.protocol in r.protocols and "{" not in r.pattern
    )
    return list(dict.fromkeys([*own, *others]))


def _candidates(profile: ClientProfile, table: RouteTable, good: str) -> list[_Variant]:
    out: list[_Variant] = []

    def add(mistake: ProblemKind, rest: str, userinfo: str | None = None) -> None:
        if rest != good or userinfo is not None:
            out.append(_Variant(mistake.value, userinfo, rest))

    add(ProblemKind.DUPLICATED_PREFIX, good + _version_segment(profile, good))
    for endpoint in _endpoints(profile, table, good):
        add(ProblemKind.STACKED_PATH, endpoint)
    shape = profile.base_shape.prefix
    if shape and good.endswith(shape):
        add(ProblemKind.MISSING_PREFIX, good.removesuffix(shape))
    if table.mount_prefix and good.startswith(table.mount_prefix):
        add(ProblemKind.MISSING_PREFIX, good.removeprefix(table.mount_prefix))
    add(ProblemKind.EXTRA_SLASH, good + "/")
    add(ProblemKind.EXTRA_SLASH, good + "//")
    add(ProblemKind.EXTRA_SLASH, "/" + good if good else "//")
    if good.count("/") > 1:
        add(ProblemKind.EXTRA_SLASH, good.replace("/", "//", 2).replace("//", "/", 1))
    for query in _QUERIES:
        add(ProblemKind.QUERY_IN_BASE, f"{good}?{query}")
    stem = good.removesuffix(shape) if shape else good
    for version in _VERSIONS:
        if version != (shape or None):
            add(ProblemKind.WRONG_PREFIX, stem + version)
    for userinfo in _USERINFO:
        add(ProblemKind.CREDENTIALS_IN_BASE, good, userinfo)
    return out


@cached(maxsize=512)
def _plan(profile: ClientProfile, table: RouteTable) -> _Plan | None:
    """The working Base URL of ``profile`` on ``table`` and every mistake that breaks it.

    A client joins onto the path and query only, so whether a Base URL works does not
    depend on its scheme, host or port: the plan is computed once, on one origin.
    """
    good = _good_path(profile, table)
    if good is None:
        return None
    bad = tuple(
        v
        for v in _candidates(profile, table, good)
        if not diagnose(_url(_DEFAULT_ORIGIN, v), profile, routes=table).ok
    )
    return _Plan(good=_Variant(None, None, good), bad=bad)


def _origins() -> st.SearchStrategy[str]:
    ports = st.one_of(st.just(8045), st.none(), st.integers(1, 65535))
    return st.builds(
        lambda scheme, host, port: f"{scheme}://{host}" + ("" if port is None else f":{port}"),
        st.sampled_from(("http", "https")),
        st.sampled_from(_HOSTS),
        ports,
    )


def base_urls(
    *,
    client: str | ClientProfile,
    routes: str | RouteTable = "antigravity",
    valid: bool = True,
    mistakes: Collection[str | ProblemKind] | None = None,
) -> st.SearchStrategy[str]:
    """Base URL text for ``client`` on the route table ``routes``.

    With ``valid=True`` (the default) every URL drawn is one that works:
    ``diagnose(url, client, routes=routes).ok`` holds. The scheme, host and port vary;
    the path is the one the client's documentation asks for, under the table's mount
    prefix.

    With ``valid=False`` every URL drawn is such a working URL with exactly one mistake
    made, chosen from ``mistakes`` (names from :data:`MISTAKES` or the matching
    :class:`~agroutes.ProblemKind` members; default all), and only mistakes that really
    break this client are made: a trailing ``/`` is harmless to a client that strips one,
    so it is not drawn for it. ``diagnose(url, client, routes=routes).ok`` is then false.

    Raises :class:`~hypothesis.errors.InvalidArgument` when no Base URL works for the
    client on the table (the default ``google-genai`` on Antigravity: pass
    ``client("google-genai", api_version="v1beta")``), or when none of ``mistakes``
    breaks it.

    >>> from hypothesis import find
    >>> find(base_urls(client="openai-python"), lambda url: True)
    'http://127.0.0.1:8045/v1'
    """
    profile = _check_client(client)
    table = _check_table(routes)
    _check_bool("valid", valid)
    if valid and mistakes is not None:
        raise InvalidArgument("mistakes= needs valid=False: a valid Base URL has none")
    names = _check_mistakes(mistakes)
    plan = _plan(profile, table)
    if plan is None:
        raise InvalidArgument(
            f"no Base URL makes {profile.label()} work on {table.id}; "
            f"diagnose() says what to change instead"
        )
    if valid:
        variants: tuple[_Variant, ...] = (plan.good,)
    else:
        variants = tuple(v for v in plan.bad if v.mistake in names)
        if not variants:
            raise InvalidArgument(
                f"none of mistakes={list(names)!r} breaks {profile.label()} on {table.id}"
            )
    return st.builds(_url, _origins(), st.sampled_from(variants))


# --- request paths -----------------------------------------------------------------------


def _param_values() -> st.SearchStrategy[str]:
    return st.from_regex(r"[A-Za-z0-9][A-Za-z0-9._\-]{0,24}", fullmatch=True)


def _fill(pattern: str, values: Callable[[bool], str]) -> str:
    return _PARAM.sub(lambda m: values(bool(m.group(1))), pattern)


@st.composite
def _concrete_path(draw: st.DrawFn, pattern: str) -> str:
    def value(catch_all: bool) -> str:
        if catch_all:
            return "/".join(draw(st.lists(_param_values(), min_size=1, max_size=3)))
        return draw(_param_values())

    return _fill(pattern, value)


def _routed(table: RouteTable, path: str) -> bool:
    return any(table.match(m, path).route is not None for m in _METHODS)


def _path_mistakes(path: str) -> st.SearchStrategy[str]:
    first = "/" + path.split("/")[1] if path.count("/") >= 1 and len(path) > 1 else "/v1"
    return st.sampled_from(
        (
            first + path,  # /v1/v1/...
            path + "/",
            path + "/chat/completions",
            path.replace("/", "//", 1),
            "/" + "/".join(path.split("/")[2:]),  # the first segment missing
            path + "/x",
        )
    )


def request_paths(
    *, routes: str | RouteTable = "antigravity", valid: bool = True
) -> st.SearchStrategy[str]:
    """Request paths (no query) for the route table ``routes``.

    With ``valid=True`` each path is routed by the table for at least one of the methods
    of the route it was made from (``{name}`` parameters filled with model-like values,
    ``{*name}`` with one to three segments). With ``valid=False`` each path is a routed
    path with a mistake made (a doubled first segment, a trailing or doubled ``/``, an
    endpoint stacked on it, ...) that no method routes: a 404 on the table.
    """
    table = _check_table(routes)
    _check_bool("valid", valid)
    patterns = sorted({r.pattern for r in table.routes})
    if not patterns:
        raise InvalidArgument(f"{table.id} has no routes")
    routed = st.sampled_from(patterns).flatmap(_concrete_path)
    if valid:
        return routed.filter(lambda p: _routed(table, p))
    return routed.flatmap(_path_mistakes).filter(lambda p: not _routed(table, p))


# --- diagnoses ---------------------------------------------------------------------------


def diagnoses(
    *,
    client: str | ClientProfile | None = None,
    routes: str | RouteTable | None = None,
    valid: bool | None = None,
) -> st.SearchStrategy[Diagnosis]:
    """Diagnoses of Base URLs drawn by :func:`base_urls`.

    ``client`` and ``routes`` fix the client and the table (default: drawn by
    :func:`clients` and :func:`route_tables`, only pairs where some Base URL works);
    ``valid`` fixes whether the Base URL works (default: either). A diagnosis of a working
    Base URL is ``ok``; one of a mistaken Base URL is not, and has a corrected Base URL.
    """
    profile = None if client is None else _check_client(client)
    table = None if routes is None else _check_table(routes)
    if valid is not None:
        _check_bool("valid", valid)
    if profile is not None and table is not None:
        base_urls(client=profile, routes=table, valid=valid is not False)  # checks the pair
    tables = st.just(table) if table is not None else route_tables()

    @st.composite
    def draw_one(draw: st.DrawFn) -> Diagnosis:
        t = draw(tables)
        if profile is None:
            p = draw(clients(usable_on=t))
        else:
            p = profile
            if _good_path(p, t) is None:
                draw(st.nothing())  # reject: this table cannot serve the fixed client
        good = draw(st.booleans()) if valid is None else valid
        plan = _plan(p, t)
        if not good and plan is not None and not plan.bad:
            draw(st.nothing())  # reject: no mistake breaks this client on this table
        url = draw(base_urls(client=p, routes=t, valid=good))
        return diagnose(url, p, routes=t)

    return draw_one()


# --- Hypothesis entry point ----------------------------------------------------------------
