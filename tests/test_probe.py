"""agroutes.live.probe against real HTTP servers on loopback (tests/support/fake_proxy.py).

Each server serves a built-in route table exactly (a routed path answers 400 or 200, a
miss 404 or the table's declared fallback, a wrong method 405), with auth before routing,
after it, or none. Every test also holds the probe to its bounds: the requests the
server received are counted.
"""

from __future__ import annotations

import dataclasses
import io
import json
import shutil
import socket
import ssl
import subprocess
import sys
import time
from pathlib import Path

import pytest

from agroutes import InvalidBaseURL, InvalidRequest, UnknownClient, client, route_table
from agroutes._cli import run
from agroutes._clients import BUILTIN_CLIENTS
from agroutes.live import MAX_REQUESTS, TIME_FACTOR, Answer, FindingKind, probe
from agroutes.profiles import Redirects
from agroutes.tables import BUILTIN_TABLES
from tests.support.fake_proxy import HangingServer, _Handler, fake_proxy, free_port

HARMLESS_OPERATIONS = {
    "list-models",
    "health",
    "chat-completions",
    "completions",
    "responses",
    "messages",
    "count-tokens",
    "generate-content",
    "embeddings",
}

# Every distinct built-in table (aliases point at one of them).
TABLES = sorted({route_table(name).id for name in BUILTIN_TABLES})


def kinds(report: object) -> list[str]:
    return [f.kind.value for f in report.findings]  # type: ignore[attr-defined]


def cli(*argv: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = run(list(argv), stdout=out, stderr=err, environ=env or {})
    return status, out.getvalue(), err.getvalue()


def test_the_issue_transcript_claude_code_with_v1_on_antigravity() -> None:
    # The desktop app: no web UI folder, so an unknown path is axum's empty 404.
    with fake_proxy(route_table("antigravity"), fallback=False) as fp:
        origin = fp.origin()
        status, out, _ = cli("probe", f"{origin}/v1", "--client", "claude-code", "--lang", "en")
        received = fp.received
    assert status == 1
    assert "claude-code: routed: no" in out
    assert "POST /v1/v1/messages?beta=true \u2192 404: not routed" in out
    assert (
        f"corrected Base URL {origin} confirmed: POST /v1/messages?beta=true answered 400 "
        "(routed)" in out
    )
    assert "health: GET /healthz \u2192 200" in out
    assert len(received) <= MAX_REQUESTS
    # What was sent is what the client sends, and only to the proxy's origin.
    assert ("POST", "/v1/v1/messages?beta=true") in [(m, p) for m, p, _ in received]
    assert ("POST", "/v1/messages?beta=true") in [(m, p) for m, p, _ in received]


def test_a_good_base_url_is_ok_and_exits_0() -> None:
    with fake_proxy(route_table("antigravity")) as fp:
        status, out, _ = cli("probe", fp.origin(), "-c", "claude-code", "--lang", "en")
    assert status == 0, out
    assert "claude-code: routed: yes" in out
    assert "All checks passed." in out


@pytest.mark.parametrize("table_id", TABLES)
def test_the_fingerprint_finds_each_builtin_table(table_id: str) -> None:
    table = route_table(table_id)
    with fake_proxy(table) as fp:
        report = probe(fp.origin(), timeout=2.0)
        received = len(fp.received)
    assert report.fingerprint is not None
    assert table_id in report.fingerprint.best, report
    assert FindingKind.PROXY_IDENTIFIED in [f.kind for f in report.findings], report
    assert report.table is not None
    assert report.table.partition("@")[0] == table_id.partition("@")[0]
    assert received == report.sent - 1 <= MAX_REQUESTS  # one connection check, no request


@pytest.mark.parametrize("table_id", ["antigravity@4.5.8", "cliproxyapi", "new-api"])
def test_auth_before_routing_without_a_key_says_auth_not_path(table_id: str) -> None:
    with fake_proxy(route_table(table_id), auth="before-routing") as fp:
        report = probe(fp.origin() + "/v1", "openai-python")
    assert FindingKind.AUTH_REQUIRED in [f.kind for f in report.findings]
    assert FindingKind.PROXY_UNKNOWN in [f.kind for f in report.findings]
    (client,) = report.clients
    assert client.routed is None  # cannot tell: every answer is a 401
    assert all(r.seen is Answer.AUTH for r in client.requests)
    assert not report.ok


def test_with_the_key_the_probe_sees_through_auth_and_never_prints_the_key() -> None:
    with fake_proxy(route_table("antigravity"), auth="before-routing") as fp:
        key = fp.key
        env = {"MY_PROXY_KEY": key}
        status, out, err = cli(
            "probe",
            fp.origin() + "/v1",
            "-c",
            "claude-code",
            "--api-key-env",
            "MY_PROXY_KEY",
            env=env,
        )
        _, doc, _ = cli(
            "probe",
            fp.origin() + "/v1",
            "-c",
            "claude-code",
            "--api-key-env",
            "MY_PROXY_KEY",
            "--json",
            env=env,
        )
        headers = [h for _, _, h in fp.received]
    assert status == 1
    assert "confirmed" in out
    assert "not confirmed" not in out
    assert key not in out + err + doc
    assert all(h.get("x-api-key") == key for h in headers if "x-api-key" in h)
    assert any(h.get("x-api-key") == key for h in headers)  # Claude Code's header
    report = json.loads(doc)
    assert report["schema_version"] == 1
    assert report["command"] == "probe"
    assert report["clients"][0]["confirmed"] is True


def test_a_wrong_key_is_key_rejected() -> None:
    with fake_proxy(route_table("antigravity"), auth="before-routing") as fp:
        report = probe(fp.origin(), "openai-python", api_key="sk-wrong-key-123456")
    assert FindingKind.KEY_REJECTED in [f.kind for f in report.findings]
    assert "sk-wrong-key-123456" not in str(report) + repr(report)


def test_auth_after_routing_reads_a_401_as_routed() -> None:
    # CLIProxyAPI's key check is group middleware: an unknown path is still a 404.
    with fake_proxy(route_table("cliproxyapi"), auth="after-routing") as fp:
        report = probe(fp.origin(), "codex")
    (client,) = report.clients
    assert client.routed is False  # codex at the host root sends /responses: not routed
    assert client.corrected_base_url is not None
    assert str(client.corrected_base_url).endswith("/v1")
    assert client.confirmed is True  # /v1/responses answered 401: routed, the key is next
    assert [r.exchange.status for r in client.corrected_requests if r.exchange] == [401]


def test_a_stale_table_is_a_finding_of_its_own() -> None:
    # The proxy is 3.3.50, the user says 4.5.8: /responses (no /v1) is routed in 4.5.8 only.
    with fake_proxy(route_table("antigravity@3.3.50")) as fp:
        report = probe(fp.origin(), "codex", routes="antigravity@4.5.8")
    disagreements = [f for f in report.findings if f.kind is FindingKind.TABLE_DISAGREES]
    assert disagreements, report
    assert "POST /responses \u2192 404" in str(disagreements[0])
    assert "antigravity@4.5.8 says routed" in str(disagreements[0])


def test_connection_refused_names_the_port_and_the_default_one() -> None:
    port = free_port()
    status, out, _ = cli(
        "probe",
        f"http://127.0.0.1:{port}/v1",
        "-c",
        "claude-code",
        "-r",
        "antigravity",
        "--lang",
        "en",
    )
    assert status == 1
    assert f"connection refused on 127.0.0.1:{port}" in out
    assert "listens on http://127.0.0.1:8045 by default" in out
    report = probe(f"http://127.0.0.1:{port}")
    assert kinds(report) == ["connection-refused"]
    assert report.sent == 1


def test_https_spoken_to_a_plain_http_port() -> None:
    with fake_proxy(route_table("antigravity")) as fp:
        report = probe(f"https://127.0.0.1:{fp.port}", "openai-python")
        received = len(fp.received)
    assert FindingKind.HTTPS_TO_PLAIN_HTTP in [f.kind for f in report.findings], report
    assert "use http://" in str(report)
    assert received <= 3
    assert not report.ok


def _tls_context(tmp_path: Path) -> ssl.SSLContext:
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("openssl is needed to make a test certificate")
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(
        [
            openssl,
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            str(key),
            "-out",
            str(cert),
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    return context


def test_plain_http_spoken_to_a_tls_port(tmp_path: Path) -> None:
    with fake_proxy(route_table("antigravity"), tls=_tls_context(tmp_path)) as fp:
        report = probe(fp.origin(), "openai-python", timeout=1.0)
        secure = probe(f"https://127.0.0.1:{fp.port}", "openai-python", timeout=1.0)
    assert FindingKind.HTTP_TO_TLS in [f.kind for f in report.findings], report
    assert "use https://" in str(report)
    # The same server over https: a self-signed local proxy is probed as any other.
    assert secure.clients[0].routed is False
    assert secure.clients[0].confirmed is True


def _ipv6_loopback() -> bool:
    try:
        with socket.socket(socket.AF_INET6, socket.SOCK_STREAM) as s:
            s.bind(("::1", 0))
    except OSError:
        return False
    return True


@pytest.mark.skipif(not _ipv6_loopback(), reason="no IPv6 loopback here")
def test_localhost_when_the_proxy_listens_on_ipv6_only() -> None:
    with fake_proxy(route_table("antigravity"), host="::1") as fp:
        report = probe(f"http://localhost:{fp.port}", "claude-code")
    family = [f for f in report.findings if f.kind is FindingKind.ADDRESS_FAMILY]
    resolves = [
        info[4][0] for info in socket.getaddrinfo("localhost", fp.port, type=socket.SOCK_STREAM)
    ]
    assert report.address == f"[::1]:{fp.port}"
    assert family, report
    if resolves[0] == "127.0.0.1":  # the resolver's first answer is the one refused
        assert not family[0].ok
        assert f"http://[::1]:{fp.port}" in str(family[0])
    assert report.clients[0].routed is True  # on the address that answers, the URL is right


def test_a_hanging_server_is_a_timeout_within_the_bound() -> None:
    server = HangingServer()
    try:
        started = time.monotonic()
        report = probe(f"http://127.0.0.1:{server.port}/v1", "claude-code", timeout=0.3)
        elapsed = time.monotonic() - started
    finally:
        server.close()
    assert elapsed < TIME_FACTOR * 0.3 + 0.5
    assert "timeout" in kinds(report), report
    assert len(server.accepted) <= 3


def test_many_clients_stay_within_the_request_bound() -> None:
    with fake_proxy(route_table("antigravity")) as fp:
        report = probe(fp.origin() + "/v1/v1", list(BUILTIN_CLIENTS))
        received = len(fp.received)
        # Twenty models: forty distinct requests, more than one probe may send.
        many = [client("google-genai", model=f"gemini-test-{i}") for i in range(20)]
        spent = probe(fp.origin() + "/v1", many)
        received_after = len(fp.received)
    assert received <= MAX_REQUESTS
    assert report.sent <= MAX_REQUESTS
    # Forty-five clients do not fit in thirty requests: the probe says where it stopped,
    # and every client it did report was seen whole.
    assert FindingKind.BUDGET_SPENT in [f.kind for f in report.findings]
    assert 0 < len(report.clients) < len(BUILTIN_CLIENTS)
    assert all(r.exchange is not None or r.refused for c in report.clients for r in c.requests)
    assert received_after - received == spent.sent - 1 == MAX_REQUESTS - 1
    assert FindingKind.BUDGET_SPENT in [f.kind for f in spent.findings]
    assert not spent.ok


def test_only_harmless_requests_are_sent() -> None:
    with fake_proxy(route_table("antigravity")) as fp:
        probe(fp.origin() + "/v1", ["openai-python", "claude-code", "gemini-cli"])
        received = fp.received
    assert {m for m, _, _ in received} <= {"GET", "POST"}
    # Nothing sent reaches a route of the proxy that is not a model list, a health check
    # or an API call: its admin routes (/api/accounts, /api/config, ...) are never asked.
    table = route_table("antigravity")
    reached = {table.match(m, p.partition("?")[0]).route for m, p, _ in received} - {None}
    assert {r.operation for r in reached if r is not None} <= HARMLESS_OPERATIONS


def test_chinese_text() -> None:
    with fake_proxy(route_table("antigravity"), fallback=False) as fp:
        status, out, _ = cli("probe", fp.origin() + "/v1", "-c", "claude-code", "--lang", "zh")
    assert status == 1
    assert "claude-code：已路由：否" in out
    assert "已确认" in out


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"base_url": "not a url"}, InvalidBaseURL),
        ({"client": "no-such-client"}, UnknownClient),
        ({"api_key": "sk-1\r\nX-Evil: 1"}, InvalidRequest),
        ({"api_key": ""}, InvalidRequest),
        ({"api_key": "sk-ключ"}, InvalidRequest),
        ({"timeout": 0}, InvalidRequest),
        ({"timeout": float("nan")}, InvalidRequest),
        ({"timeout": "2"}, InvalidRequest),
    ],
)
def test_bad_input_is_a_typed_error_before_anything_is_sent(
    kwargs: dict[str, object], error: type[Exception]
) -> None:
    args: dict[str, object] = {"base_url": "http://127.0.0.1:9"} | kwargs
    base = args.pop("base_url")
    with pytest.raises(error):
        probe(base, **args)  # type: ignore[arg-type]


def test_bad_usage_on_the_command_line_exits_2() -> None:
    assert cli("probe", "http://127.0.0.1:9", "--api-key-env", "UNSET_VAR")[0] == 2
    assert cli("probe", "http://127.0.0.1:9", "--timeout", "abc")[0] == 2
    assert cli("probe", "ftp://127.0.0.1:9")[0] == 2
    status, _, err = cli("probe", "http://127.0.0.1:9", "-c", "nope")
    assert status == 2
    assert "unknown client" in err.lower()


@pytest.mark.parametrize("table_id", TABLES)
def test_behind_a_key_each_table_is_found_and_a_correction_confirmed(table_id: str) -> None:
    table = route_table(table_id)
    with fake_proxy(table, auth="before-routing") as fp:
        # openai-python at the host root: every table here serves the OpenAI calls under
        # /v1, so the offline correction adds it, and the proxy must be seen to route it.
        report = probe(fp.origin(), "openai-python", api_key=fp.key)
        received = len(fp.received)
    assert report.fingerprint is not None
    assert table_id in report.fingerprint.best, report
    (c,) = report.clients
    assert c.diagnosis is not None
    if c.diagnosis.corrected_base_url is not None and not c.diagnosis.ok:
        assert c.confirmed is True, report
        assert FindingKind.CORRECTION_CONFIRMED in [f.kind for f in report.findings]
    assert received <= MAX_REQUESTS


def test_a_refused_port_without_a_table_lists_the_known_default_ports() -> None:
    report = probe(f"http://127.0.0.1:{free_port()}")
    assert "8045 (antigravity)" in str(report.findings[0])


def test_import_agroutes_does_not_load_the_live_layer() -> None:
    code = (
        "import sys, agroutes, agroutes._cli; print(sorted(m for m in sys.modules if 'probe' in m))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize(
    ("redirects", "routed"),
    [(Redirects.FOLLOWS, True), (Redirects.NOT_FOLLOWED, False), (Redirects.UNKNOWN, False)],
)
def test_a_trailing_slash_redirect_is_followed_as_the_client_does(
    redirects: Redirects, routed: bool
) -> None:
    # gin redirects POST /v1/chat/completions/ with 307 to the path without the slash.
    profile = dataclasses.replace(client("generic/exact-url"), redirects=redirects)
    with fake_proxy(route_table("cliproxyapi")) as fp:
        report = probe(fp.origin() + "/v1/chat/completions/", profile, routes="cliproxyapi")
        received = [(m, p) for m, p, _ in fp.received]
    (request,) = report.clients[0].requests
    assert request.routed is routed, report
    assert ("POST", "/v1/chat/completions/") in received
    assert ("POST", "/v1/chat/completions") in received  # followed, or the correction
    if routed:
        assert request.redirect is not None
        assert request.redirect.status == 307
        assert "followed as the client does" in str(report)
    else:
        assert "redirected to /v1/chat/completions" in str(report)
        assert report.clients[0].confirmed is True  # the Base URL without the slash


def test_a_redirect_to_another_host_is_never_followed() -> None:
    profile = dataclasses.replace(client("generic/exact-url"), redirects=Redirects.FOLLOWS)
    original = _Handler._send

    def elsewhere(self: _Handler, status: int, payload: object, **kw: str | None) -> None:
        if kw.get("location"):
            kw["location"] = "http://192.0.2.1/v1/chat/completions"
        original(self, status, payload, **kw)

    with fake_proxy(route_table("cliproxyapi")) as fp:
        _Handler._send = elsewhere  # type: ignore[method-assign]
        try:
            report = probe(fp.origin() + "/v1/chat/completions/", profile, routes="cliproxyapi")
        finally:
            _Handler._send = original  # type: ignore[method-assign]
    (request,) = report.clients[0].requests
    assert request.redirect is None
    assert request.routed is False
    assert all(e.address.startswith("127.0.0.1") for e in report.exchanges)
