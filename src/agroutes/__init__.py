"""agroutes: is my AI client's Base URL wrong for my local proxy, and what should it be?

agroutes predicts, offline, the exact requests a real AI client (61 built in: the OpenAI,
Anthropic and Gemini SDKs, Claude Code, Codex, the agent CLIs, the Python frameworks and
the editor extensions) sends for a Base URL, matches them against a proxy's route table
(34 built in, Antigravity Tools the default), and explains every 404 or 405 with a typed
problem and the corrected Base URL. :mod:`agroutes.live` checks the same on the running
proxy.

>>> from agroutes import diagnose
>>> d = diagnose("http://127.0.0.1:8045", "openai-python")
>>> [p.kind.value for p in d.problems], str(d.corrected_base_url)
(['missing-prefix', 'missing-prefix'], 'http://127.0.0.1:8045/v1')

The names here are the contract and the results a caller reads; the vocabulary for
building client profiles is in :mod:`agroutes.profiles`, route tables and their loaders
in :mod:`agroutes.tables`, every result type in :mod:`agroutes.results`, and Hypothesis
strategies in :mod:`agroutes.strategies`.
"""

from ._baseurl import BaseURL as BaseURL
from ._baseurl import parse_base_url as parse_base_url
from ._cache import cache_clear as cache_clear
from ._clients import client as client
from ._diagnosis import Diagnosis as Diagnosis
from ._diagnosis import Problem as Problem
from ._diagnosis import ProblemKind as ProblemKind
from ._diagnosis import diagnose as diagnose
from ._errors import AgroutesError as AgroutesError
from ._errors import InvalidBaseURL as InvalidBaseURL
from ._errors import InvalidClientProfile as InvalidClientProfile
from ._errors import InvalidClientSetting as InvalidClientSetting
from ._errors import InvalidRequest as InvalidRequest
from ._errors import InvalidRoutePattern as InvalidRoutePattern
from ._errors import InvalidRouteTable as InvalidRouteTable
from ._errors import UnknownClient as UnknownClient
from ._errors import UnknownLanguage as UnknownLanguage
from ._errors import UnknownRouteTable as UnknownRouteTable
from ._logpath import PathDiagnosis as PathDiagnosis
from ._logpath import diagnose_path as diagnose_path
from ._presets import route_table as route_table
from ._profiles import ClientProfile as ClientProfile
from ._redact import redact as redact
from ._resolve import Request as Request
from ._resolve import resolve as resolve
from ._rewrite import Rewrite as Rewrite
from ._rewrite import suggest_rewrite as suggest_rewrite
from ._table import RouteTable as RouteTable
from ._triage import Triage as Triage
from ._triage import triage as triage

__version__ = "0.1.0.dev0"

# Public classes say where users import them from, as yarl's do: reprs, tracebacks and
# doctests print ``agroutes.InvalidBaseURL``, not the private module that defines it.
for _public in (
    AgroutesError,
    BaseURL,
    ClientProfile,
    Diagnosis,
    InvalidBaseURL,
    InvalidClientProfile,
    InvalidClientSetting,
    InvalidRequest,
    InvalidRoutePattern,
    InvalidRouteTable,
    PathDiagnosis,
    Problem,
    ProblemKind,
    Request,
    Rewrite,
    RouteTable,
    Triage,
    UnknownClient,
    UnknownLanguage,
    UnknownRouteTable,
):
    _public.__module__ = __name__
del _public

__all__ = [
    "AgroutesError",
    "BaseURL",
    "ClientProfile",
    "Diagnosis",
    "InvalidBaseURL",
    "InvalidClientProfile",
    "InvalidClientSetting",
    "InvalidRequest",
    "InvalidRoutePattern",
    "InvalidRouteTable",
    "PathDiagnosis",
    "Problem",
    "ProblemKind",
    "Request",
    "Rewrite",
    "RouteTable",
    "Triage",
    "UnknownClient",
    "UnknownLanguage",
    "UnknownRouteTable",
    "cache_clear",
    "client",
    "diagnose",
    "diagnose_path",
    "parse_base_url",
    "redact",
    "resolve",
    "route_table",
    "suggest_rewrite",
    "triage",
]
