"""Where does diagnose() spend its time? cProfile over cold calls, one case at a time.

    python benchmarks/profile_diagnose.py              # every case, top 18 functions each
    python benchmarks/profile_diagnose.py --top 30 healthy

Each call gets a Base URL never seen before and starts with every agroutes cache emptied
(as the "cold" column of ``run.py``), so the profile shows all the work of one call. Functions
are sorted by their own time (``tottime``); cProfile's overhead inflates small functions,
so read the shares, not the absolute figures.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import itertools
import pstats
import sys
from collections.abc import Sequence

from run import clear_caches, fresh_origins

from agroutes import client, diagnose, route_table

#: case -> (client id, path after the origin, what it exercises)
CASES = {
    "healthy": ("openai-python", "/v1", "three joins and matches, no problem"),
    "healthy-gemini": ("gemini-cli", "", "joins that re-serialise the query (URLSearchParams)"),
    "missing-prefix": ("openai-python", "", "classification and the correction search"),
    "doubled": ("claude-code", "/v1", "a duplicated /v1"),
    "stacked": ("google-genai", "/v1beta/models/gemini-2.5-flash:generateContent", "stacked"),
    "unsupported": ("google-genai", "", "no Base URL works: the alternatives are searched"),
}


def profile_case(name: str, calls: int, top: int) -> None:
    client_id, path, what = CASES[name]
    profile = client(client_id)
    counter = itertools.count(1)
    before = clear_caches()
    bases = [o + path for o in fresh_origins(calls, counter)]
    profiler = cProfile.Profile()
    for base in bases:
        before(base)
        profiler.enable()
        diagnose(base, profile)
        profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("tottime").print_stats(top)
    lines = out.getvalue().splitlines()
    total = next((ln for ln in lines if "function calls" in ln), "").strip()
    start = next((i for i, ln in enumerate(lines) if ln.lstrip().startswith("ncalls")), 0)
    print(f"\n== {name}: {client_id} with {path or '(root)'} ({what}); {calls} cold calls")
    print(f"   {total}")
    for line in lines[start : start + top + 1]:
        print("   " + line.replace(sys.prefix, "<venv>"))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="cProfile of cold diagnose() calls")
    parser.add_argument("cases", nargs="*", help=f"some of: {', '.join(CASES)} (default: all)")
    parser.add_argument("--calls", type=int, default=300)
    parser.add_argument("--top", type=int, default=18)
    args = parser.parse_args(argv)
    unknown = [c for c in args.cases if c not in CASES]
    if unknown:
        parser.error(f"unknown case(s) {', '.join(unknown)}; known: {', '.join(CASES)}")
    route_table("antigravity")  # compile the table outside the profile
    for name in args.cases or CASES:
        profile_case(name, args.calls, args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
