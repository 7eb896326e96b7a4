"""Timing helpers for the benchmarks: medians of perf_counter_ns samples, and a time budget.

A *sample* is one timed run of a loop; its figure is the time per call. Figures are the
median of several samples taken with the garbage collector off (as ``timeit`` does). When
two things are compared, their samples are interleaved (A, B, A, B, ...), so that a change
in the machine's load during the run moves both sides alike and the ratio stays fair.

Growth measurements, which time single long calls, keep the *minimum* of a few calls
instead: on a shared machine the minimum is the figure least disturbed by other work.
"""

from __future__ import annotations

import gc
import signal
import statistics
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from types import FrameType

__all__ = [
    "Loop",
    "OverBudget",
    "Pair",
    "Samples",
    "Settings",
    "budget",
    "fmt_ratio",
    "fmt_us",
    "fresh_cpu_us",
    "fresh_per_call_us",
    "interleaved_us",
    "min_seconds",
]


@dataclass(frozen=True, slots=True)
class Settings:
    """How hard to measure: the full run and ``--quick`` differ only in these numbers."""

    repeat: int  # samples per figure (the median is printed)
    min_sample_ns: int  # a sample loops until it lasts at least this long
    fresh_per_sample: int  # distinct inputs per sample where caches must not hit


@dataclass(frozen=True, slots=True)
class Loop:
    """``run(k)`` makes ``k`` loops of ``calls`` calls each."""

    run: Callable[[int], object]
    calls: int


@dataclass(frozen=True, slots=True)
class Samples:
    """Time per call in microseconds, one tuple of samples per compared loop (None: skipped).

    Sample ``k`` of every loop was taken back to back, so a ratio is the median of the
    per-sample ratios: a burst of load on the machine hits both sides of each ratio.
    """

    per_loop: tuple[tuple[float, ...] | None, ...]

    @property
    def medians(self) -> list[float | None]:
        return [statistics.median(s) if s else None for s in self.per_loop]

    def median(self, index: int) -> float:
        found = self.per_loop[index]
        if not found:
            raise ValueError(f"loop {index} was not measured")
        return statistics.median(found)

    def ratio(self, slow: int, fast: int) -> float | None:
        """The median of ``slow[k] / fast[k]`` over the samples; None if either was skipped."""
        a, b = self.per_loop[slow], self.per_loop[fast]
        if not a or not b:
            return None
        return statistics.median(x / y for x, y in zip(a, b, strict=True) if y > 0)


def _timed(
    run: Callable[[int], object], loops: int, clock: Callable[[], int] = time.perf_counter_ns
) -> int:
    enabled = gc.isenabled()
    gc.disable()
    try:
        start = clock()
        run(loops)
        return clock() - start
    finally:
        if enabled:
            gc.enable()


def _calibrate(run: Callable[[int], object], settings: Settings, clock: Callable[[], int]) -> int:
    """The loop count that makes one sample last at least ``min_sample_ns``."""
    loops = 1
    elapsed = _timed(run, loops, clock)
    while elapsed < settings.min_sample_ns:
        grow = settings.min_sample_ns / max(elapsed, 1)
        loops = max(loops * 2, int(loops * grow * 1.1))
        elapsed = _timed(run, loops, clock)
    return loops


def interleaved_us(
    loops: Sequence[Loop | None],
    settings: Settings,
    clock: Callable[[], int] = time.perf_counter_ns,
) -> Samples:
    """Time per call of each loop (None: skipped), samples interleaved; ``clock`` in ns
    (``time.process_time_ns`` for CPU time)."""
    counts = [None if lp is None else _calibrate(lp.run, settings, clock) for lp in loops]
    samples: list[list[float]] = [[] for _ in loops]
    for _ in range(settings.repeat):
        for lp, count, out in zip(loops, counts, samples, strict=True):
            if lp is not None and count is not None:
                out.append(_timed(lp.run, count, clock) / count / lp.calls / 1000)
    return Samples(tuple(tuple(s) if s else None for s in samples))


def fresh_per_call_us(
    calls: Sequence[Callable[[str], object]],
    make_inputs: Callable[[int], Sequence[str]],
    settings: Settings,
    *,
    before: Sequence[Callable[[str], object] | None] | None = None,
) -> Samples:
    """Time per call when no call sees an input seen before.

    Each sample of each call gets ``make_inputs(n)``, ``n`` new inputs made outside the
    timed region; samples of the calls are interleaved. ``before[i](input)``, when given,
    runs untimed before every call of ``calls[i]`` (to empty caches).
    """
    hooks = list(before) if before is not None else [None] * len(calls)
    samples: list[list[float]] = [[] for _ in calls]
    for _ in range(settings.repeat):
        for call, hook, out in zip(calls, hooks, samples, strict=True):
            inputs = make_inputs(settings.fresh_per_sample)
            total = 0
            enabled = gc.isenabled()
            gc.disable()
            try:
                for value in inputs:
                    if hook is not None:
                        hook(value)
                    start = time.perf_counter_ns()
                    call(value)
                    total += time.perf_counter_ns() - start
            finally:
                if enabled:
                    gc.enable()
            out.append(total / len(inputs) / 1000)
    return Samples(tuple(tuple(s) for s in samples))


#: A request: method and path.
Pair = tuple[str, str]


def fresh_cpu_us(
    loops: Sequence[tuple[Callable[[str, str], object], Callable[[int], Sequence[Pair]]] | None],
    batch: int,
    settings: Settings,
) -> Samples:
    """CPU time per call of each ``(match, make_inputs)`` (None: skipped), on requests never
    made before.

    Each sample of each loop calls ``match(method, path)`` on ``make_inputs(batch)``, new
    requests made outside the timed region, and times the whole batch on the process's CPU
    clock (``time.process_time_ns``): time the machine gives other processes is not
    counted, and the loops are sampled in turn, so that what the load does to the caches
    and the clock speed hits all of them alike. The loop's own cost (a few tens of ns a
    call) is in every figure.
    """
    samples: list[list[float]] = [[] for _ in loops]
    for _ in range(settings.repeat):
        for loop, out in zip(loops, samples, strict=True):
            if loop is None:
                continue
            match, make_inputs = loop
            inputs = make_inputs(batch)
            enabled = gc.isenabled()
            gc.disable()
            try:
                start = time.process_time_ns()
                for method, path in inputs:
                    match(method, path)
                elapsed = time.process_time_ns() - start
            finally:
                if enabled:
                    gc.enable()
            out.append(elapsed / len(inputs) / 1000)
    return Samples(tuple(tuple(s) if s else None for s in samples))


class OverBudget(Exception):
    """Raised inside a call that ran past its :func:`budget`."""


@contextmanager
def budget(seconds: float) -> Iterator[None]:
    """Interrupt the body with :class:`OverBudget` after ``seconds`` (Unix timers).

    Python's regular expression engine checks for signals while it backtracks, so even a
    catastrophic pattern is stopped. Where there is no timer (Windows) nothing is stopped.
    """
    if not hasattr(signal, "setitimer"):
        yield
        return

    def expire(_signum: int, _frame: FrameType | None) -> None:
        raise OverBudget

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def min_seconds(call: Callable[[], object], runs: int, limit: float) -> float | None:
    """The fastest of ``runs`` calls in seconds, or None when one ran past ``limit`` seconds."""
    best = None
    for _ in range(runs):
        try:
            with budget(limit):
                elapsed = _timed(lambda _loops: call(), 1) / 1e9
        except OverBudget:
            return None
        best = elapsed if best is None else min(best, elapsed)
    return best


def fmt_us(us: float | None) -> str:
    """A time given in microseconds, printed with three significant digits; ``-`` if none."""
    if us is None:
        return "-"
    if us >= 1e6:
        return f"{us / 1e6:.2f} s"
    if us >= 1e3:
        return f"{us / 1e3:.3g} ms"
    return f"{us:.3g} us"


def fmt_ratio(ratio: float | None) -> str:
    if ratio is None:
        return "-"
    return f"{ratio:.3g}x"
