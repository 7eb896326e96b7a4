"""Write README.md's client table and client x route table matrix from agroutes itself.

The client table lists every built-in client: its family, what its profile was verified
on (observed: the package and version; from source: repository, commit, file and
function), the Base URL its documentation asks for, its join rule and what it does with a
redirect.

For every built-in client (newest release of each id) and every built-in table (newest
release of each proxy), the cell is what ``diagnose`` recommends on the table's default
origin when the user types the Base URL the client's documentation asks for:

* ``/v1``, ``/``, ``/api``: the path of the Base URL that works (the documented one, or the
  corrected one);
* ``/ + api_version=v1beta``: that Base URL once the client setting is changed;
* ``→ kilo-code/openai``: no Base URL works in this mode, another mode of the same program
  does;
* a ``*`` after it: that Base URL routes every call the proxy serves, but some of the
  client's calls have no route there at all (``agroutes check`` names them);
* ``—``: nothing works: the proxy serves none of the client's requests (or the client
  ignores its Base URL);
* `` (also `/v1`)``, `` (also `/v1` +2)``: the simplest other Base URL that works too
  (``Diagnosis.working_base_urls``), and how many more do (a ``+`` after the number: more
  than agroutes lists).

Run ``python tools/gen_matrix.py`` to rewrite the section between the markers;
``python tools/gen_matrix.py --check`` exits 1 when the README is stale (CI runs the same
comparison in ``tests/test_readme.py``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Final

REPO_ROOT: Final = Path(__file__).resolve().parent.parent
if str(REPO_ROOT / "src") not in sys.path:
    sys.path.insert(0, str(REPO_ROOT / "src"))

from agroutes import Diagnosis, client, diagnose, parse_base_url, route_table  # noqa: E402
from agroutes.profiles import (  # noqa: E402
    BUILTIN_CLIENTS,
    CLIENT_ALIASES,
    CLIENT_RELEASES,
    BaseShape,
    ClientProfile,
    Evidence,
    JoinRule,
)
from agroutes.tables import BUILTIN_TABLES  # noqa: E402

README: Final = REPO_ROOT / "README.md"
CLIENTS_START: Final = "<!-- clients:start (tools/gen_matrix.py writes this section) -->"
CLIENTS_END: Final = "<!-- clients:end -->"
#: A few words per join rule, for the client table (a new rule needs its words here).
JOINS: Final[dict[JoinRule, str]] = {
    JoinRule.HTTPX_PATH_SLASH: "`/` ensured on the path, suffix appended (a query lands first)",
    JoinRule.HTTPX_RAW_SLASH: "`/` ensured on path+query, suffix appended",
    JoinRule.GENAI_PYTHON: "one `/` dropped, suffix appended, query moved behind",
    JoinRule.NODE_LIFT_QUERY: "concatenated, query lifted after the path",
    JoinRule.SEARCH_PARAMS: "concatenated, query re-encoded (URLSearchParams)",
    JoinRule.GENAI_JS: "one `/` dropped, suffix appended, own query set",
    JoinRule.STRIP_ONE_SLASH: "one `/` dropped, suffix appended",
    JoinRule.STRIP_V1: "a trailing `/v1` and one `/` dropped, suffix (with `/v1`) appended",
    JoinRule.SLASH_THEN_RESOLVE: "`/` ensured, suffix resolved as a relative URL (a query "
    "drops the last segment)",
    JoinRule.CONCAT: "suffix appended to the text as typed",
    JoinRule.ROOT_GETS_V1: "a bare host gets `/v1`, then one `/` dropped, suffix appended",
    JoinRule.V1BETA_UNLESS_LAST_VERSION: "`/v1beta` added unless the text ends in a version",
    JoinRule.V1_UNLESS_ANY_VERSION: "`/v1` added unless the path holds a version",
    JoinRule.V1BETA_UNLESS_ANY_VERSION: "`/v1beta` added unless the path holds a version",
    JoinRule.LITELLM_JOIN: "every trailing `/` dropped (also before a query), suffix appended",
    JoinRule.LITELLM_ENSURE_ROUTE: "as `litellm-join`, unless the path already ends in the suffix",
    JoinRule.STRIP_ALL_SLASHES: "every trailing `/` dropped, suffix appended",
    JoinRule.CONCAT_UNLESS_ENDS: "suffix appended unless the text already ends in it",
}
SHAPES: Final[dict[BaseShape, str]] = {
    BaseShape.HOST_ROOT: "host root",
    BaseShape.V1: "ends in `/v1`",
    BaseShape.V1BETA: "ends in `/v1beta`",
    BaseShape.CHAT_ENDPOINT: "the endpoint itself",
}
START: Final = "<!-- matrix:start (tools/gen_matrix.py writes this section) -->"
END: Final = "<!-- matrix:end -->"
#: Where a table that names no default origin is assumed to listen.
FALLBACK_ORIGIN: Final = "http://127.0.0.1:8080"


def tables() -> list[str]:
    """The newest table of each proxy: ids without a release, in the presets' order."""
    return [t for t in BUILTIN_TABLES if "@" not in t]


def clients() -> list[ClientProfile]:
    """The newest release of each built-in client, in the registry's order."""
    return [p for p in BUILTIN_CLIENTS.values() if "@" not in p.id]


def _path(url: str) -> str:
    return parse_base_url(url).path or "/"


def cell(profile: ClientProfile, table_id: str) -> str:
    """What a user of ``profile`` should type on ``table_id``'s proxy, in a few characters."""
    if profile.base_url_ignored:
        return "—"  # whatever is typed, the client calls its own host
    table = route_table(table_id)
    origin = table.origin or FALLBACK_ORIGIN
    documented = origin + profile.base_shape.prefix
    found = diagnose(documented, profile, routes=table)
    if found.ok:
        return f"`{_path(documented)}`" + _also(found)
    if found.corrected_base_url is not None:
        fixed = str(found.corrected_base_url)
        return f"`{_path(fixed)}`" + _partial(fixed, profile, table_id) + _also(found)
    for suggestion in found.suggestions:
        if suggestion.kind == "setting" and suggestion.base_url is not None:
            settings = ", ".join(f"{k}={v}" for k, v in suggestion.settings)
            changed = client(profile, **dict(suggestion.settings))
            partial = _partial(str(suggestion.base_url), changed, table_id)
            return f"`{_path(str(suggestion.base_url))}`{partial} + {settings}"
    for suggestion in found.suggestions:
        if suggestion.kind != "setting" and suggestion.client:
            return f"→ `{suggestion.client}`"
    return "—"


def _also(found: Diagnosis) -> str:
    """`` (also `/v1`)``: the simplest other Base URL that works, and how many more do."""
    others = found.working_base_urls[1:]
    if not others:
        return ""
    more = len(others) - 1
    count = f" +{more}{'+' if found.working_base_urls_truncated else ''}" if more else ""
    return f" (also `{_path(str(others[0]))}`{count})"


def _partial(base_url: str, profile: ClientProfile, table_id: str) -> str:
    """``*`` when the recommended Base URL still leaves some calls without a route."""
    return "" if diagnose(base_url, profile, routes=table_id).ok else "\\*"


def render() -> str:
    """The whole section, markers included."""
    ids = tables()
    head = "| client | " + " | ".join(f"`{t}`" for t in ids) + " |"
    rule = "| --- |" + " --- |" * len(ids)
    rows = [f"| `{p.id}` | " + " | ".join(cell(p, t) for t in ids) + " |" for p in clients()]
    legend = (
        "`/v1`: the Base URL's path on the proxy's default origin; `+ setting`: with that "
        "client setting; `→ id`: use that mode of the program instead; `\\*`: some of the "
        "client's calls have no route on that proxy; `—`: no Base URL works; `(also `/`)`: "
        "the simplest other Base URL that works for every call too, `+2`: and that many "
        "more (`agroutes check` lists them)."
    )
    return "\n".join([START, "", head, rule, *rows, "", legend, "", END])


def _verified(profile: ClientProfile) -> str:
    if profile.evidence is Evidence.FROM_SOURCE:
        return "from source: " + profile.verified.removeprefix("from source: ")
    return profile.verified


def render_clients() -> str:
    """The client table, markers included: every built-in id, older releases too."""
    head = "| id | protocol | verified against | Base URL it wants | joins | redirects |"
    rule = "| --- | --- | --- | --- | --- | --- |"
    rows = []
    older = {r.id: r for rs in CLIENT_RELEASES.values() for _, r in rs if "@" in r.id}
    for p in [*BUILTIN_CLIENTS.values(), *older.values()]:
        base = "ignored (sends to its own host)" if p.base_url_ignored else SHAPES[p.base_shape]
        aliases = [a for a, target in CLIENT_ALIASES.items() if target == p.id]
        said = ", ".join(f"`{a}`" for a in aliases)
        name = f"`{p.id}`" + (f" (alias {said})" if aliases else "")
        cells = (name, p.protocol.value, _verified(p), base, JOINS[p.join], p.redirects.value)
        rows.append("| " + " | ".join(cells) + " |")
    return "\n".join([CLIENTS_START, "", head, rule, *rows, "", CLIENTS_END])


def current(text: str, start: str = START, end: str = END) -> str:
    """A section as it stands in ``text`` (empty when the markers are missing)."""
    if start not in text or end not in text:
        return ""
    return start + text.split(start, 1)[1].split(end, 1)[0] + end


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when README.md is stale")
    args = parser.parse_args(argv)
    text = README.read_text(encoding="utf-8")
    stale = False
    for start, end, build in ((START, END, render), (CLIENTS_START, CLIENTS_END, render_clients)):
        old, new = current(text, start, end), build()
        if not old:
            print(f"README.md has no {start!r} ... {end!r} section", file=sys.stderr)
            return 1
        stale = stale or old != new
        text = text.replace(old, new)
    if args.check:
        return 1 if stale else 0
    README.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
