"""What each real Python SDK does with a proxy's redirect, against its profile's ``redirects``.

The recorder in redirect mode answers the first request with the status under test and a
``Location`` on the same host; a client that follows sends a second request there. The
profile's :meth:`~agroutes.profiles.Redirects.follow_method` must name that request's method
(or None when no second request came). gin and Starlette redirect a toggled trailing slash
(gin with 301 for GET and 307 otherwise, Starlette with 307), so this decides whether such
a proxy's near miss is a problem.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Final

import pytest

from agroutes import client
from tests.support.recorder import REDIRECTED_PREFIX, Recorder

pytestmark = pytest.mark.conformance

STATUSES: Final = (301, 302, 303, 307, 308)
TIMEOUT: Final = 5.0


def _openai(origin: str) -> None:
    from openai import OpenAI  # noqa: PLC0415 - optional SDK

    with OpenAI(base_url=origin + "/v1", api_key="sk-x", max_retries=0, timeout=TIMEOUT) as sdk:
        sdk.chat.completions.create(model="m", messages=[{"role": "user", "content": "hi"}])


def _anthropic(origin: str) -> None:
    from anthropic import Anthropic  # noqa: PLC0415 - optional SDK

    with Anthropic(base_url=origin, api_key="sk-x", max_retries=0, timeout=TIMEOUT) as sdk:
        sdk.messages.create(model="m", max_tokens=8, messages=[{"role": "user", "content": "hi"}])


def _genai(origin: str) -> None:
    from google import genai  # noqa: PLC0415 - optional SDK

    sdk = genai.Client(api_key="k", http_options={"base_url": origin, "timeout": 5000})
    with sdk:
        sdk.models.generate_content(model="gemini-2.5-flash", contents="hi")


DRIVERS: Final[dict[str, tuple[str, Callable[[str], None]]]] = {
    "openai-python": ("openai", _openai),
    "anthropic-python": ("anthropic", _anthropic),
    "google-genai": ("google.genai", _genai),
}


@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("client_id", sorted(DRIVERS))
def test_the_sdk_follows_a_redirect_as_its_profile_says(client_id: str, status: int) -> None:
    module, drive = DRIVERS[client_id]
    pytest.importorskip(module)
    with Recorder(redirect=status) as rec:
        # The answer after a redirect may not parse: what arrived is the observation.
        with contextlib.suppress(Exception):
            drive(rec.origin)
        arrived = rec.requests
    assert arrived, "the SDK sent nothing"
    assert arrived[0].method == "POST"
    followed = [r for r in arrived[1:] if r.target.startswith(REDIRECTED_PREFIX)]
    expected = client(client_id).redirects.follow_method(status, "POST")
    assert [r.method for r in followed[:1]] == ([] if expected is None else [expected])
    if expected == "POST":
        assert followed[0].body == arrived[0].body, "a 307/308 resends the same body"
