"""agroutes on the running proxy: :func:`probe` and what it reports.

The offline verdict (:func:`agroutes.diagnose`) says what a route table predicts; a probe
sends the client's own requests to the proxy the user runs and says what it answered, so
that a correction is one that was seen to work. Opt-in: nothing here is imported by
``import agroutes``.

>>> from agroutes.live import probe
>>> report = probe("http://127.0.0.1:9", "claude-code", timeout=0.5)   # nothing listens
>>> report.ok, [f.kind.value for f in report.findings]
(False, ['connection-refused'])
"""

from ._fingerprint import Answer as Answer
from ._fingerprint import Fingerprint as Fingerprint
from ._probe import MAX_REQUESTS as MAX_REQUESTS
from ._probe import TIME_FACTOR as TIME_FACTOR
from ._probe import probe as probe
from ._probe_http import ConnectOutcome as ConnectOutcome
from ._probe_http import Exchange as Exchange
from ._probe_report import ClientProbe as ClientProbe
from ._probe_report import Finding as Finding
from ._probe_report import FindingKind as FindingKind
from ._probe_report import ProbeReport as ProbeReport
from ._probe_report import RequestProbe as RequestProbe

for _public in (
    Answer,
    ClientProbe,
    ConnectOutcome,
    Exchange,
    Finding,
    FindingKind,
    Fingerprint,
    ProbeReport,
    RequestProbe,
):
    _public.__module__ = __name__
del _public

__all__ = [
    "MAX_REQUESTS",
    "TIME_FACTOR",
    "Answer",
    "ClientProbe",
    "ConnectOutcome",
    "Exchange",
    "Finding",
    "FindingKind",
    "Fingerprint",
    "ProbeReport",
    "RequestProbe",
    "probe",
]
