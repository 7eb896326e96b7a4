"""Write README.md's client x route table matrix from agroutes itself.

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
  ignores its Base URL).

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

from agroutes import client, diagnose, parse_base_url, route_table  # noqa: E402
from agroutes.profiles import BUILTIN_CLIENTS, ClientProfile  # noqa: E402
from agroutes.tables import BUILTIN_TABLES  # noqa: E402

README: Final = REPO_ROOT / "README.md"
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
    table = route_table(table_id)
    origin = table.origin or FALLBACK_ORIGIN
    documented = origin + profile.base_shape.prefix
    found = diagnose(documented, profile, routes=table)
    if found.ok:
        return f"`{_path(documented)}`"
    if found.corrected_base_url is not None:
        fixed = str(found.corrected_base_url)
        return f"`{_path(fixed)}`" + _partial(fixed, profile, table_id)
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
        "client's calls have no route on that proxy; `—`: no Base URL works."
    )
    return "\n".join([START, "", head, rule, *rows, "", legend, "", END])


def current(text: str) -> str:
    """The section as it stands in ``text`` (empty when the markers are missing)."""
    if START not in text or END not in text:
        return ""
    return START + text.split(START, 1)[1].split(END, 1)[0] + END


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when README.md is stale")
    args = parser.parse_args(argv)
    text = README.read_text(encoding="utf-8")
    old, new = current(text), render()
    if not old:
        print(f"README.md has no {START!r} ... {END!r} section", file=sys.stderr)
        return 1
    if args.check:
        return 0 if old == new else 1
    README.write_text(text.replace(old, new), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
