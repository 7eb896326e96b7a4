"""A fresh capture of the Node clients, against their fixture rows and their profiles.

Runs only where the npm packages were installed by ``tools/capture_node_clients.py
--install-dir DIR`` and ``AGROUTES_NPM_DIR=DIR`` says where (CI installs nothing, so every
case skips there). Each case runs the real client once, as the capture script does, for a
few Base URLs of the matrix, and checks that it sent what the fixture row holds for the same
version and what ``resolve()`` predicts, byte for byte on the request line::

    python tools/capture_node_clients.py --install-dir /tmp/agn --no-matrix --no-redirects
    AGROUTES_NPM_DIR=/tmp/agn python -m pytest tests/conformance/test_node_clients_live.py
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path
from typing import Any, Final

import pytest

from agroutes import client, resolve
from tests.test_captured_clients import real_base_url
from tests.test_captured_node_clients import ROWS

pytestmark = pytest.mark.conformance

_TOOLS = Path(__file__).resolve().parent.parent.parent / "tools"
if str(_TOOLS) not in sys.path:
    sys.path.insert(0, str(_TOOLS))

import capture_clients as cap  # noqa: E402
import capture_node_clients as node  # noqa: E402

#: A Base URL that shows each join's quirks: a trailing "/", a query, a doubled "/".
LIBRARY_BASES: Final = ("http://H/", "http://H/v1?x=1", "http://H//v1")
#: The CLIs start slowly (opencode about 15 s): one Base URL each, the one with a query.
CLI_BASES: Final = ("http://H/v1?x=1",)
RUN_TIMEOUT: Final = 60.0


def _installed(package: cap.Package) -> cap.Installed | None:
    root = os.environ.get("AGROUTES_NPM_DIR")
    if not root or shutil.which("node") is None:
        return None
    prefix = Path(root) / package.key
    if cap._installed_version(prefix, package.name) != package.version:
        return None
    installed = cap.Installed(package, prefix, package.version)
    cap._write_driver(installed)
    node._write_preload({package.key: installed})
    return installed


def _params() -> list[Any]:
    params = []
    for mode in node.MODES:
        library = node.PACKAGES[mode.package].bin is None
        for base in LIBRARY_BASES if library else CLI_BASES:
            label = ",".join(f"{k}={v}" for k, v in mode.settings.items())
            case_id = f"{mode.client}[{label}]-{mode.label}-{base}"
            params.append(pytest.param(mode, base, id=case_id))
    return params


def _fixture_sent(mode: cap.Mode, base: str) -> set[tuple[str, str]]:
    return {
        (r["method"], r["target"])
        for r in ROWS
        if r["client"] == mode.client
        and r["settings"] == dict(mode.settings)
        and r["operation"] == mode.operations[0]
        and r["base_url"] == base
        and r["method"] is not None
    }


@pytest.mark.parametrize(("mode", "base"), _params())
def test_a_fresh_capture_agrees_with_the_fixture_and_the_profile(mode: cap.Mode, base: str) -> None:
    package = node.PACKAGES[mode.package]
    installed = _installed(package)
    if installed is None:
        pytest.skip(f"{package.name}@{package.version} is not installed under AGROUTES_NPM_DIR")
    result = cap.run_one(
        mode, base, installed, timeout=RUN_TIMEOUT * mode.timeout_factor, ipv6=False
    )
    rows = node.with_elsewhere(result, cap.build_rows(result, installed.version))
    sent = {(r["method"], r["target"]) for r in rows if r["method"] is not None}
    assert sent == _fixture_sent(mode, base), json.dumps(rows)[:2000]
    profile = client(mode.client, **mode.settings)
    if profile.base_url_ignored:
        assert not sent
        return
    predicted = {
        (r.method, r.target)
        for r in resolve(real_base_url(base), profile)
        if r.operation == mode.operations[0] and not r.refused
    }
    assert sent == predicted
