"""agroutes: is my AI client's Base URL wrong for my local proxy, and what should it be?

agroutes predicts, offline, the exact requests a real AI client (OpenAI, Anthropic and
Gemini SDKs, Claude Code, Codex, Gemini CLI, Kilo Code) sends for a Base URL, matches them
against a proxy's route table (Antigravity Tools built in), and explains every 404 or 405
with a typed problem and the corrected Base URL.

>>> from agroutes import diagnose
>>> d = diagnose("http://127.0.0.1:8045", "openai-python")
>>> [p.kind.value for p in d.problems], str(d.corrected_base_url)
(['missing-prefix', 'missing-prefix'], 'http://127.0.0.1:8045/v1')
"""

from ._baseurl import BaseURL as BaseURL
from ._baseurl import parse_base_url as parse_base_url
from ._clients import BUILTIN_CLIENTS as BUILTIN_CLIENTS
from ._clients import CLIENT_ALIASES as CLIENT_ALIASES
from ._clients import Alternative as Alternative
from ._clients import BaseShape as BaseShape
from ._clients import ClientProfile as ClientProfile
from ._clients import Operation as Operation
from ._clients import Protocol as Protocol
from ._clients import RequestSpec as RequestSpec
from ._clients import SettingSpec as SettingSpec
from ._clients import UserinfoHandling as UserinfoHandling
from ._clients import client as client
from ._diagnosis import CheckedRequest as CheckedRequest
from ._diagnosis import Diagnosis as Diagnosis
from ._diagnosis import Problem as Problem
from ._diagnosis import ProblemKind as ProblemKind
from ._diagnosis import Suggestion as Suggestion
from ._diagnosis import SuggestionKind as SuggestionKind
from ._diagnosis import diagnose as diagnose
from ._errors import InvalidBaseURL as InvalidBaseURL
from ._errors import InvalidClientSetting as InvalidClientSetting
from ._errors import InvalidRequest as InvalidRequest
from ._errors import InvalidRoutePattern as InvalidRoutePattern
from ._errors import InvalidRouteTable as InvalidRouteTable
from ._errors import UnknownClient as UnknownClient
from ._errors import UnknownRouteTable as UnknownRouteTable
from ._joins import JoinRule as JoinRule
from ._joins import Transport as Transport
from ._redact import redact as redact
from ._resolve import Request as Request
from ._resolve import resolve as resolve
from ._routes import ANY_METHOD as ANY_METHOD
from ._routes import Match as Match
from ._routes import Route as Route
from ._routes import RouteTable as RouteTable
from ._tables import BUILTIN_TABLES as BUILTIN_TABLES
from ._tables import route_table as route_table

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing (a few ms)
if TYPE_CHECKING:  # the names below are imported on first use (see __getattr__)
    from ._logpath import MeantRoute as MeantRoute
    from ._logpath import PathDiagnosis as PathDiagnosis
    from ._logpath import Sender as Sender
    from ._logpath import diagnose_path as diagnose_path
    from ._rewrite import Rewrite as Rewrite
    from ._rewrite import suggest_rewrite as suggest_rewrite
    from ._tabledata import load_route_table as load_route_table
    from ._tabledata import table_from_data as table_from_data
    from ._tabledata import table_from_json as table_from_json
    from ._tabledata import table_from_toml as table_from_toml
    from ._tabledata import table_to_data as table_to_data
    from ._triage import BodyShape as BodyShape
    from ._triage import Triage as Triage
    from ._triage import TriageKind as TriageKind
    from ._triage import triage as triage

# The proxy-side helpers are imported on first use: most users only call resolve() and
# diagnose(), and `import agroutes` should stay cheap (see benchmarks/).
_LAZY = {
    "MeantRoute": "_logpath",
    "PathDiagnosis": "_logpath",
    "Sender": "_logpath",
    "diagnose_path": "_logpath",
    "Rewrite": "_rewrite",
    "suggest_rewrite": "_rewrite",
    "load_route_table": "_tabledata",
    "table_from_data": "_tabledata",
    "table_from_json": "_tabledata",
    "table_from_toml": "_tabledata",
    "table_to_data": "_tabledata",
    "BodyShape": "_triage",
    "Triage": "_triage",
    "TriageKind": "_triage",
    "triage": "_triage",
}


def __getattr__(name: str) -> object:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib  # noqa: PLC0415

    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


__version__ = "0.1.0.dev0"

__all__ = [
    "ANY_METHOD",
    "BUILTIN_CLIENTS",
    "BUILTIN_TABLES",
    "CLIENT_ALIASES",
    "Alternative",
    "BaseShape",
    "BaseURL",
    "BodyShape",
    "CheckedRequest",
    "ClientProfile",
    "Diagnosis",
    "InvalidBaseURL",
    "InvalidClientSetting",
    "InvalidRequest",
    "InvalidRoutePattern",
    "InvalidRouteTable",
    "JoinRule",
    "Match",
    "MeantRoute",
    "Operation",
    "PathDiagnosis",
    "Problem",
    "ProblemKind",
    "Protocol",
    "Request",
    "RequestSpec",
    "Rewrite",
    "Route",
    "RouteTable",
    "Sender",
    "SettingSpec",
    "Suggestion",
    "SuggestionKind",
    "Transport",
    "Triage",
    "TriageKind",
    "UnknownClient",
    "UnknownRouteTable",
    "UserinfoHandling",
    "client",
    "diagnose",
    "diagnose_path",
    "load_route_table",
    "parse_base_url",
    "redact",
    "resolve",
    "route_table",
    "suggest_rewrite",
    "table_from_data",
    "table_from_json",
    "table_from_toml",
    "table_to_data",
    "triage",
]
