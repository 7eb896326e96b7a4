"""Every value agroutes answers with, for annotations and ``isinstance`` checks.

The ones most callers read (:class:`Diagnosis`, :class:`Request`, ...) are also at the top
of the package; the kinds are string enums, so ``problem.kind == "duplicated-prefix"``
works as well as comparing with the member.
"""

from ._baseurl import BaseURL as BaseURL
from ._checked import CheckedRequest as CheckedRequest
from ._diagnosis import Diagnosis as Diagnosis
from ._diagnosis import Problem as Problem
from ._diagnosis import ProblemKind as ProblemKind
from ._diagnosis import Suggestion as Suggestion
from ._diagnosis import SuggestionKind as SuggestionKind
from ._logpath import MeantRoute as MeantRoute
from ._logpath import PathDiagnosis as PathDiagnosis
from ._logpath import Sender as Sender
from ._matcher import Match as Match
from ._resolve import Request as Request
from ._rewrite import Rewrite as Rewrite
from ._triage import BodyShape as BodyShape
from ._triage import Triage as Triage
from ._triage import TriageKind as TriageKind

__all__ = [
    "BaseURL",
    "BodyShape",
    "CheckedRequest",
    "Diagnosis",
    "Match",
    "MeantRoute",
    "PathDiagnosis",
    "Problem",
    "ProblemKind",
    "Request",
    "Rewrite",
    "Sender",
    "Suggestion",
    "SuggestionKind",
    "Triage",
    "TriageKind",
]

# Classes that live here and not at the top level say so (see agroutes/__init__.py).
for _public in (
    BodyShape,
    CheckedRequest,
    MeantRoute,
    Sender,
    Suggestion,
    SuggestionKind,
    TriageKind,
):
    _public.__module__ = __name__
del _public
