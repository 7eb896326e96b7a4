"""``python -m agroutes`` and the ``agroutes`` console script (see :mod:`agroutes._cli`)."""

from __future__ import annotations

from collections.abc import Sequence

from ._cli import run

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default ``sys.argv[1:]``); return the exit status."""
    return run(argv)


if __name__ == "__main__":
    raise SystemExit(main())
