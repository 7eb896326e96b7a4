"""Conformance: what the real Python SDKs send, versus what ``agroutes.resolve`` predicts.

Each test drives one real SDK call (retries off, short timeout, dummy key)
against a fresh loopback :class:`~tests.support.recorder.Recorder`, for one
Base URL shape, and checks that ``resolve()`` predicted the method and the
request target byte for byte. The SDK is the truth.

Run the observation mode to regenerate ``observed-python-sdks.jsonl`` beside
this file (it needs the SDKs, not agroutes)::

    .venv/bin/python -m tests.conformance.test_python_sdks --write

An older release whose joins differ gets its own profile (``google-genai@2.34.0``);
its observations live in ``tests/fixtures/observed-sdk-releases.jsonl``, which
``tests/test_client_versions.py`` replays. To observe a release, install it alone
in a throwaway environment and run the same matrix for that one SDK from the
repository root; its rows replace any earlier rows of that release::

    python3 -m venv /tmp/genai2 && /tmp/genai2/bin/pip install google-genai==2.34.0 pytest
    /tmp/genai2/bin/python -m tests.conformance.test_python_sdks --release google-genai
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import pytest

from tests.support.recorder import RecordedRequest, Recorder, ipv6_loopback_available

if TYPE_CHECKING:
    from agroutes import ClientProfile, InvalidBaseURL, Request

pytestmark = pytest.mark.conformance

OBSERVATIONS: Final[Path] = Path(__file__).with_name("observed-python-sdks.jsonl")
RELEASES: Final[Path] = Path(__file__).parent.parent / "fixtures" / "observed-sdk-releases.jsonl"
SDK_TIMEOUT: Final[float] = 5.0
GEMINI_MODEL: Final[str] = "gemini-2.5-flash"
#: Environment variables that could redirect or reconfigure an SDK; cleared for every call.
_ENV_PREFIXES: Final[tuple[str, ...]] = ("OPENAI_", "ANTHROPIC_", "GOOGLE_", "GEMINI_")
_ENV_NAMES: Final[frozenset[str]] = frozenset(
    {"HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY", "SSL_CERT_FILE", "SSL_CERT_DIR"}
)


# --------------------------------------------------------------------------
# The matrix
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Shape:
    """A Base URL shape. ``{H}`` is replaced by ``host:port`` of ``host``."""

    id: str
    template: str
    host: str = "127.0.0.1"  # "127.0.0.1", "::1" or "localhost"

    @property
    def needs_ipv6(self) -> bool:
        return self.host in ("::1", "localhost")

    def url(self, port: int) -> str:
        netloc = f"[{self.host}]:{port}" if ":" in self.host else f"{self.host}:{port}"
        return self.template.replace("{H}", netloc)

    def anonymised(self) -> str:
        """The Base URL with ``H`` for ``host:port`` (``localhost:<port>`` stays named)."""
        if self.host == "localhost":
            return self.template.replace("{H}", "localhost:<port>")
        return self.template.replace("{H}", "H")


SHAPES: Final[tuple[Shape, ...]] = (
    Shape("host-root", "http://{H}"),
    Shape("trailing-slash", "http://{H}/"),
    Shape("v1", "http://{H}/v1"),
    Shape("v1-slash", "http://{H}/v1/"),
    Shape("v1-v1", "http://{H}/v1/v1"),
    Shape("pasted-endpoint", "http://{H}/v1/chat/completions"),
    Shape("v1beta", "http://{H}/v1beta"),
    Shape("v1beta-slash", "http://{H}/v1beta/"),
    Shape("sub-path", "http://{H}/proxy/v1"),
    Shape("double-slash", "http://{H}//v1"),
    Shape("query", "http://{H}/v1?x=1"),
    Shape("userinfo", "http://u:p@{H}/v1"),
    Shape("ipv6", "http://{H}/v1", host="::1"),
    Shape("localhost", "http://{H}/v1", host="localhost"),
)


class _Unset:
    """Marker: leave the google-genai ``api_version`` at the SDK default."""

    def __repr__(self) -> str:
        return "UNSET"


UNSET: Final = _Unset()


@dataclass(frozen=True)
class Cell:
    """One SDK call against one Base URL shape."""

    client: str  # agroutes client id
    operation: str  # canonical operation name
    sdk_call: str  # the SDK method that was called
    shape: Shape
    api_version: str | _Unset = UNSET  # google-genai only
    page_size: int | None = None  # google-genai list-models only

    @property
    def variant(self) -> str | None:
        if self.client != "google-genai":
            return None
        parts = [
            "api_version unset (SDK default)"
            if isinstance(self.api_version, _Unset)
            else f"api_version={self.api_version!r}"
        ]
        if self.page_size is not None:
            parts.append(f"page_size={self.page_size}")
        return ", ".join(parts)

    @property
    def settings(self) -> dict[str, str]:
        """The agroutes client settings that say what this cell changed (``client(id, **s)``)."""
        settings: dict[str, str] = {}
        if not isinstance(self.api_version, _Unset):
            settings["api_version"] = self.api_version
        if self.page_size is not None:
            settings["page_size"] = str(self.page_size)
        return settings

    @property
    def id(self) -> str:
        parts = [self.client, self.operation]
        if self.client == "google-genai":
            if isinstance(self.api_version, _Unset):
                parts.append("default-version")
            else:
                parts.append(f"version-{self.api_version or 'empty'}")
            if self.page_size is not None:
                parts.append(f"page-size-{self.page_size}")
        parts.append(self.shape.id)
        return "-".join(parts)


_OPERATIONS: Final[dict[str, tuple[tuple[str, str], ...]]] = {
    "openai-python": (
        ("chat-completions", "chat.completions.create"),
        ("responses", "responses.create"),
        ("list-models", "models.list"),
    ),
    "anthropic-python": (
        ("messages", "messages.create"),
        ("count-tokens", "messages.count_tokens"),
        ("list-models", "models.list"),
    ),
    "google-genai": (
        ("generate-content", "models.generate_content"),
        ("stream-generate-content", "models.generate_content_stream"),
        ("list-models", "models.list"),
    ),
}

_SDK_DISTRIBUTION: Final[dict[str, str]] = {
    "openai-python": "openai",
    "anthropic-python": "anthropic",
    "google-genai": "google-genai",
}

_SDK_MODULE: Final[dict[str, str]] = {
    "openai-python": "openai",
    "anthropic-python": "anthropic",
    "google-genai": "google.genai",
}

_API_VERSIONS: Final[tuple[str | _Unset, ...]] = (UNSET, "v1beta", "")


def _cells() -> Iterator[Cell]:
    """The matrix; google-genai list-models runs both with and without a page size."""
    for client_id, operations in _OPERATIONS.items():
        versions: tuple[str | _Unset, ...] = (
            _API_VERSIONS if client_id == "google-genai" else (UNSET,)
        )
        for operation, sdk_call in operations:
            for version in versions:
                page_sizes: tuple[int | None, ...] = (None,)
                if client_id == "google-genai" and operation == "list-models":
                    page_sizes = (None, 5)
                for page_size in page_sizes:
                    for shape in SHAPES:
                        yield Cell(client_id, operation, sdk_call, shape, version, page_size)


CELLS: Final[tuple[Cell, ...]] = tuple(_cells())


# --------------------------------------------------------------------------
# Driving the SDKs
# --------------------------------------------------------------------------


def _drive_openai(base_url: str, cell: Cell) -> None:
    from openai import OpenAI  # noqa: PLC0415 - optional SDK, imported per cell

    sdk = OpenAI(base_url=base_url, api_key="sk-agroutes-test", max_retries=0, timeout=SDK_TIMEOUT)
    try:
        if cell.operation == "chat-completions":
            sdk.chat.completions.create(
                model="gpt-4o-mini", messages=[{"role": "user", "content": "hi"}]
            )
        elif cell.operation == "responses":
            sdk.responses.create(model="gpt-4o-mini", input="hi")
        elif cell.operation == "list-models":
            sdk.models.list()
        else:
            raise AssertionError(cell.operation)
    finally:
        sdk.close()


def _drive_anthropic(base_url: str, cell: Cell) -> None:
    from anthropic import Anthropic  # noqa: PLC0415 - optional SDK, imported per cell

    sdk = Anthropic(
        base_url=base_url, api_key="sk-ant-agroutes-test", max_retries=0, timeout=SDK_TIMEOUT
    )
    model = "agroutes-test-model"  # not a real model: no deprecation warning
    try:
        if cell.operation == "messages":
            sdk.messages.create(
                model=model, max_tokens=16, messages=[{"role": "user", "content": "hi"}]
            )
        elif cell.operation == "count-tokens":
            sdk.messages.count_tokens(model=model, messages=[{"role": "user", "content": "hi"}])
        elif cell.operation == "list-models":
            sdk.models.list()
        else:
            raise AssertionError(cell.operation)
    finally:
        sdk.close()


def _drive_genai(base_url: str, cell: Cell) -> None:
    from google import genai  # noqa: PLC0415 - optional SDK, imported per cell
    from google.genai import types  # noqa: PLC0415

    options = types.HttpOptions(base_url=base_url, timeout=int(SDK_TIMEOUT * 1000))
    if not isinstance(cell.api_version, _Unset):
        options.api_version = cell.api_version
    sdk = genai.Client(api_key="agroutes-test-key", http_options=options)
    try:
        if cell.operation == "generate-content":
            sdk.models.generate_content(model=GEMINI_MODEL, contents="hi")
        elif cell.operation == "stream-generate-content":
            for _ in sdk.models.generate_content_stream(model=GEMINI_MODEL, contents="hi"):
                pass
        elif cell.operation == "list-models":
            if cell.page_size is None:
                sdk.models.list()
            else:
                sdk.models.list(config={"page_size": cell.page_size})
        else:
            raise AssertionError(cell.operation)
    finally:
        sdk.close()


_DRIVERS: Final[dict[str, Callable[[str, Cell], None]]] = {
    "openai-python": _drive_openai,
    "anthropic-python": _drive_anthropic,
    "google-genai": _drive_genai,
}


@dataclass(frozen=True)
class Observation:
    """What one SDK call did: the requests that arrived and the error it raised, if any."""

    cell: Cell
    base_url: str
    requests: tuple[RecordedRequest, ...]
    error: str | None

    @property
    def refused(self) -> bool:
        """The SDK raised without sending anything."""
        return not self.requests and self.error is not None


def observe(cell: Cell) -> Observation:
    """Run ``cell``'s SDK call against a fresh recorder and return what arrived."""
    hosts = ("127.0.0.1", "::1") if cell.shape.needs_ipv6 else ("127.0.0.1",)
    with Recorder(hosts) as rec:
        base_url = cell.shape.url(rec.port)
        error: str | None = None
        try:
            _DRIVERS[cell.client](base_url, cell)
        except Exception as exc:
            error = f"{type(exc).__module__}.{type(exc).__qualname__}: {exc}"
        return Observation(cell, base_url, tuple(rec.requests), error)


def sdk_version(client_id: str) -> str:
    return importlib.metadata.version(_SDK_DISTRIBUTION[client_id])


def _clear_sdk_env(unset: Callable[[str], object]) -> None:
    for name in list(os.environ):
        upper = name.upper()
        if upper.startswith(_ENV_PREFIXES) or upper in _ENV_NAMES:
            unset(name)


# --------------------------------------------------------------------------
# The tests
# --------------------------------------------------------------------------


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Remove proxy and SDK environment variables that could reroute a call."""
    _clear_sdk_env(monkeypatch.delenv)


def _skip_unless_runnable(cell: Cell) -> None:
    pytest.importorskip(_SDK_MODULE[cell.client])
    if cell.shape.needs_ipv6 and not ipv6_loopback_available():
        pytest.skip("no IPv6 loopback (::1) on this machine")


def _predict(base_url: str, cell: Cell) -> list[Request] | InvalidBaseURL:
    """``resolve()``'s requests for ``cell.operation``, or the InvalidBaseURL it raised."""
    import agroutes  # noqa: PLC0415 - the observation mode must not need the core

    profile: str | ClientProfile = agroutes.client(cell.client, **cell.settings)
    try:
        requests = agroutes.resolve(base_url, profile)
    except agroutes.InvalidBaseURL as exc:
        return exc
    return [r for r in requests if r.operation == cell.operation]


@pytest.mark.usefixtures("clean_env")
@pytest.mark.parametrize("cell", CELLS, ids=[cell.id for cell in CELLS])
def test_resolve_predicts_sdk_request(cell: Cell) -> None:
    _skip_unless_runnable(cell)
    seen = observe(cell)
    predicted = _predict(seen.base_url, cell)

    if seen.refused:
        # The SDK raised before sending. agroutes may either reject the Base URL
        # (InvalidBaseURL) or return the request marked refused; both agree.
        if not isinstance(predicted, list):
            return  # InvalidBaseURL
        assert predicted, f"resolve() declares no {cell.operation!r} request"
        assert all(r.refused for r in predicted), (
            f"SDK refused ({seen.error}) but resolve() predicts a sent request: "
            f"{[(r.method, r.target) for r in predicted]}"
        )
        return

    assert len(seen.requests) == 1, [(r.method, r.target) for r in seen.requests]
    [sent] = seen.requests
    assert not sent.via_proxy
    assert isinstance(predicted, list), (
        f"resolve() raised {predicted!r} but the SDK sent {sent.method} {sent.target}"
    )
    assert len(predicted) == 1, predicted
    [request] = predicted
    assert request.client == cell.client
    assert request.refused is None, (
        f"resolve() says refused ({request.refused}) but the SDK sent {sent.method} {sent.target}"
    )
    assert (request.method, request.target) == (sent.method, sent.target)
    # The predicted URL names the server the SDK connected to (userinfo aside).
    assert request.url.host_port_subcomponent == sent.header("host")


# --------------------------------------------------------------------------
# Observation mode: python -m tests.conformance.test_python_sdks --write
# --------------------------------------------------------------------------


def _anonymise(text: str, port: int) -> str:
    for netloc in (f"127.0.0.1:{port}", f"[::1]:{port}"):
        text = text.replace(netloc, "H")
    return text.replace(f"localhost:{port}", "localhost:<port>")


def observation_rows(seen: Observation) -> Iterator[dict[str, Any]]:
    """JSON rows for the observation table: one per request, or one for a refusal."""
    cell = seen.cell
    base = {
        "client": cell.client,
        "client_version": sdk_version(cell.client),
        "operation": cell.operation,
        "sdk_call": cell.sdk_call,
        "variant": cell.variant,
        "settings": cell.settings,
        "shape": cell.shape.id,
        "host": cell.shape.host,
        "base_url": cell.shape.anonymised(),
    }
    port = int(seen.base_url.rsplit(":", 1)[1].split("/", 1)[0])
    if not seen.requests:
        error = _anonymise(seen.error, port) if seen.error else "sent nothing"
        yield {**base, "method": None, "target": None, "refused": error}
        return
    for sent in seen.requests:
        headers = {
            k: v.replace("sk-ant-agroutes-test", "<key>")
            .replace("sk-agroutes-test", "<key>")
            .replace("agroutes-test-key", "<key>")
            for k, v in sent.interesting_headers().items()
        }
        yield {
            **base,
            "method": sent.method,
            "target": sent.target,
            "refused": None,
            "request_index": sent.index,
            "request_count": len(seen.requests),
            "listener": sent.listener,
            "auth_headers": headers,
            "outcome": "ok" if seen.error is None else _anonymise(seen.error, port)[:200],
        }


def _release_key(row: dict[str, Any]) -> tuple[str, tuple[int, ...]]:
    return row["client"], tuple(int(p) for p in row["client_version"].split("."))


def write_release(client_id: str, rows: list[dict[str, Any]]) -> int:
    """Merge one release's rows into :data:`RELEASES`, replacing that release's old rows;
    releases are kept in (client, version) order. Returns the number of rows written."""
    version = sdk_version(client_id)
    kept: list[dict[str, Any]] = []
    if RELEASES.is_file():
        with RELEASES.open(encoding="utf-8") as fh:
            kept = [json.loads(line) for line in fh if line.strip()]
    kept = [r for r in kept if (r["client"], r["client_version"]) != (client_id, version)]
    merged = sorted([*kept, *rows], key=_release_key)  # stable: matrix order within a release
    RELEASES.write_text("".join(json.dumps(r) + "\n" for r in merged), encoding="utf-8")
    return len(merged)


def main(argv: list[str] | None = None) -> int:
    """Drive every cell against the SDKs and print (or write) the observation table."""
    parser = argparse.ArgumentParser(description="Observe what the Python SDKs send.")
    parser.add_argument("--write", action="store_true", help=f"write {OBSERVATIONS.name}")
    parser.add_argument(
        "--release",
        choices=sorted(_DRIVERS),
        help=f"observe this one SDK, as installed, into tests/fixtures/{RELEASES.name}",
    )
    args = parser.parse_args(argv)
    _clear_sdk_env(lambda name: os.environ.pop(name, None))
    have_ipv6 = ipv6_loopback_available()
    rows: list[dict[str, Any]] = []
    for cell in _cells():
        if cell.shape.needs_ipv6 and not have_ipv6:
            continue
        if args.release is not None and cell.client != args.release:
            continue
        rows.extend(observation_rows(observe(cell)))
    if args.release is not None:
        total = write_release(args.release, rows)
        version = sdk_version(args.release)
        print(
            f"{args.release} {version}: {len(rows)} rows; {RELEASES} has {total}", file=sys.stderr
        )
        return 0
    lines = [json.dumps(row) for row in rows]
    if args.write:
        OBSERVATIONS.write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"wrote {len(lines)} rows to {OBSERVATIONS}", file=sys.stderr)
    else:
        print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
