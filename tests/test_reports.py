"""Real users' reports: agroutes' verdict against what fixed it in the thread.

``tests/fixtures/reports.jsonl`` holds one public GitHub issue or pull request a line: a named
client pointed at a proxy agroutes has a table for, the Base URL the thread reports, the
path or status it logged, and the Base URL (or client, or mode) that fixed it, as the
maintainer answered or the reporter confirmed. ``quotes`` are the thread's own lines for
each of those facts; ``placeholders`` names every part the thread redacts (a host given as
``{host}`` or ``my_url``) and what stands in for it; ``notes`` says where a table or profile
of another release stands in for the one the thread ran.

Each case runs through the public API only, one test per question:

- ``broken``: ``diagnose(base_url, client, routes=table)`` is not ok, and one problem has the
  kind that fits the thread;
- ``join``: the client, as profiled, sends the path the thread logged from that Base URL;
- ``correction``: ``corrected_base_url`` is the thread's fix (or one the thread itself says
  works, ``fix_alternatives``). Two Base URLs count as equal when the client sends the very
  same requests from both (``https://api.openai.com/v1/`` and ``.../v1`` for the OpenAI SDK,
  which ensures the slash itself); nothing else is normalised;
- ``fix_routes``: the thread's fix diagnoses ok on the table (for the calls the thread made,
  when ``fix.operations`` names them);
- ``path``: ``diagnose_path`` on the logged path finds the mistake and the route meant (and,
  where the fix was a newer proxy release, ``fix.table``, finds the path routed there);
- ``status``: the table answers the logged path with the status the proxy gave (or its
  declared fallback does: LM Studio's 200).

A case where agroutes disagrees with the thread carries the reason under ``xfail``; it is
marked ``xfail(strict=True)``, so the mark has to go when agroutes learns the case. Cases
with no profiled client (``client`` null) keep the checks on the logged path only.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from yarl import URL

from agroutes import (
    Diagnosis,
    ProblemKind,
    client,
    diagnose,
    diagnose_path,
    resolve,
    route_table,
)

FIXTURE = Path(__file__).parent / "fixtures" / "reports.jsonl"

Case = dict[str, Any]


def _cases() -> list[Case]:
    with FIXTURE.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


CASES = _cases()


def _params(check: str, *, wanted: str) -> list[Any]:
    """The cases a check applies to, each marked with the disagreement the fixture records."""
    params = []
    for case in CASES:
        if not _applies(case, wanted):
            continue
        reason = case["xfail"].get(check)
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
        params.append(pytest.param(case, id=case["id"], marks=marks))
    return params


def _applies(case: Case, wanted: str) -> bool:
    fix, observed = case["fix"], case["observed"]
    has_client = case["client"] is not None
    return {
        "client": has_client,
        "join": has_client and "path" in observed,
        "fix": "base_url" in fix,
        "path": "path" in observed,
        "status": "path" in observed and "status" in observed,
    }[wanted]


def _diagnose(case: Case) -> Diagnosis:
    return diagnose(case["base_url"], case["client"], routes=case["table"])


def _sends(base_url: str | URL, client_id: str) -> list[tuple[str, str]]:
    return [(r.method, str(r.url)) for r in resolve(base_url, client_id)]


def _same(a: str | URL, b: str, client_id: str) -> bool:
    """Equal Base URLs for this client: the same text, or the very same requests sent."""
    return str(a) == b or _sends(a, client_id) == _sends(b, client_id)


def _shape(path: str) -> str:
    """A logged path with the model name hidden: threads use their own model ids."""
    return re.sub(r"/models/[^/:?]+", "/models/*", path)


# --- the fixture itself ---------------------------------------------------------------------


def test_the_fixture_holds_cited_cases() -> None:
    ids = [c["id"] for c in CASES]
    assert len(ids) == len(set(ids))
    assert len(CASES) >= 25
    for case in CASES:
        kind = "pull" if case["thread"] == "pull" else "issues"
        assert case["source"] == f"https://github.com/{case['repo']}/{kind}/{case['number']}"
        assert case["quotes"], case["id"]
        assert all(q["who"] and q["text"] for q in case["quotes"]), case["id"]
        route_table(case["table"])  # every table id resolves
        for client_id in {case["client"], case["fix"].get("client")} - {None}:
            client(client_id)  # every client id resolves
        for placeholder in case["placeholders"]:
            assert placeholder in json.dumps([case["base_url"], case["fix"]]), case["id"]


def test_the_reports_span_proxies_and_clients() -> None:
    tables = {c["table"].partition("@")[0] for c in CASES}
    clients = {c["client"] for c in CASES} | {c["fix"].get("client") for c in CASES}
    assert len(tables) >= 8
    assert len(clients - {None}) >= 10


# --- agroutes' verdict against the thread ----------------------------------------------------


@pytest.mark.parametrize("case", _params("broken", wanted="client"))
def test_broken(case: Case) -> None:
    d = _diagnose(case)
    assert not d.ok
    kinds = {p.kind for p in d.problems}
    assert ProblemKind(case["expect"]["kind"]) in kinds


@pytest.mark.parametrize("case", _params("join", wanted="join"))
def test_join(case: Case) -> None:
    logged = case["observed"]["path"]
    urls = [URL(url) for _, url in _sends(case["base_url"], case["client"])]
    # A thread that logs no query string is compared on the path alone.
    sent = [_shape(u.raw_path_qs if "?" in logged else u.raw_path) for u in urls]
    assert _shape(logged) in sent


@pytest.mark.parametrize("case", _params("correction", wanted="client"))
def test_correction(case: Case) -> None:
    d = _diagnose(case)
    fix = case["fix"]
    if fix.get("none"):
        # The thread says no Base URL can work: agroutes must not offer one.
        assert d.corrected_base_url is None
        assert not any(s.base_url for s in d.suggestions)
        return
    if "client" in fix:
        # The fix is another client; on this one, no Base URL serves the named operation.
        served = case["expect"]["no_base_url_serves"]
        assert d.corrected_base_url is not None
        again = diagnose(d.corrected_base_url, case["client"], routes=case["table"])
        assert any(p.request and p.request.operation == served for p in again.problems)
        return
    assert d.corrected_base_url is not None
    wanted = [fix["base_url"], *case["fix_alternatives"]]
    assert any(_same(d.corrected_base_url, w, case["client"]) for w in wanted), (
        f"agroutes corrects to {d.corrected_base_url}; the thread's fix is {wanted}"
    )


@pytest.mark.parametrize("case", _params("fix_routes", wanted="fix"))
def test_thread_fix_routes(case: Case) -> None:
    fix = case["fix"]
    client_id = fix.get("client", case["client"])
    # A fix that names the calls it was made for is held to those calls only.
    operations = fix.get("operations")
    for base_url in [fix["base_url"], *case["fix_alternatives"]]:
        d = diagnose(base_url, client_id, routes=case["table"])
        if operations is None:
            assert d.ok, str(d)
        else:
            missed = [p for p in d.problems if p.request and p.request.operation in operations]
            assert not missed, str(d)


def _listable(case: Case) -> bool:
    """A Base URL fix for the same client, on the same origin, that the fixture says works."""
    fix = case["fix"]
    return (
        case["client"] is not None
        and "base_url" in fix
        and "client" not in fix
        and "operations" not in fix
        and "fix_routes" not in case["xfail"]
        and URL(fix["base_url"]).origin() == URL(case["base_url"]).origin()
    )


@pytest.mark.parametrize(
    "case", [c for c in _params("working", wanted="fix") if _listable(c.values[0])]
)
def test_thread_fix_is_among_the_working_base_urls(case: Case) -> None:
    # What agroutes lists as working must include what worked for the thread (or say the
    # list was cut), whichever Base URL it ranks first.
    d = _diagnose(case)
    wanted = [case["fix"]["base_url"], *case["fix_alternatives"]]
    listed = [str(u) for u in d.working_base_urls]
    assert d.working_base_urls_truncated or any(
        _same(w, f, case["client"]) for w in listed for f in wanted
    ), f"working: {listed}; the thread's fix: {wanted}"


@pytest.mark.parametrize("case", _params("path", wanted="path"))
def test_logged_path(case: Case) -> None:
    observed, expect = case["observed"], case["expect"]
    pd = diagnose_path(observed.get("method", "POST"), observed["path"], routes=case["table"])
    assert not pd.ok
    assert pd.kind == ProblemKind(expect["path_kind"])
    if "meant" in expect:
        assert str(pd.meant) == expect["meant"]
    if "table" in case["fix"]:
        # The fix was a newer release of the proxy: there the same path is routed.
        method = observed.get("method", "POST")
        assert diagnose_path(method, observed["path"], routes=case["fix"]["table"]).ok


@pytest.mark.parametrize("case", _params("status", wanted="status"))
def test_logged_status(case: Case) -> None:
    observed = case["observed"]
    pd = diagnose_path(observed.get("method", "POST"), observed["path"], routes=case["table"])
    # The router's answer, or that of the fallback the table declares (LM Studio's 200).
    assert observed["status"] in (pd.status, pd.fallback_status)
