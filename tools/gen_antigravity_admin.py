"""Regenerate src/agroutes/_antigravity_admin.py from the route appendix of a reference note.

The note (``reference/antigravity.md`` in the project's shared folder) lists the admin API of
Antigravity Tools v4.5.8 (``src-tauri/src/proxy/server.rs`` L534-784 at commit 9b3dd14f),
one ``| line | path | METHOD handler, METHOD handler |`` row per ``.route()`` call.

Usage:
    python tools/gen_antigravity_admin.py PATH/TO/antigravity.md \
        > src/agroutes/_antigravity_admin.py
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROW = re.compile(r"^\| (\d+) \| `(/[^`]*)` \| (.+) \|$")
PAIR = re.compile(r"\b(GET|POST|PUT|PATCH|DELETE)\s+(\w+)")


def main(path: str) -> None:
    text = Path(path).read_text(encoding="utf-8")
    appendix = text.split("## Appendix", 1)[1]
    print('"""Antigravity Tools v4.5.8 admin API routes (generated; do not edit by hand).')
    print()
    print("Source: lbjlaq/Antigravity-Manager at 9b3dd14f, src-tauri/src/proxy/server.rs")
    print("L534-784 (`admin_routes`, nested under /api). Regenerate with")
    print("tools/gen_antigravity_admin.py.")
    print('"""')
    print()
    print("from __future__ import annotations")
    print()
    print("#: (server.rs line, path under /api, ((method, handler), ...))")
    print("ADMIN_ROUTES: tuple[tuple[int, str, tuple[tuple[str, str], ...]], ...] = (")
    for line in appendix.splitlines():
        m = ROW.match(line.strip())
        if m is None:
            continue
        lineno, route, handlers = m.groups()
        route = re.sub(r":(\w+)", r"{\1}", route)
        pairs = PAIR.findall(handlers)
        inner = ", ".join(f"({meth!r}, {h!r})" for meth, h in pairs)
        print(f"    ({lineno}, {route!r}, ({inner},)),")
    print(")")


if __name__ == "__main__":
    main(sys.argv[1])
