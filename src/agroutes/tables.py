"""Route tables: the built-in presets, tables from data, and the matcher's answers.

>>> from agroutes.tables import route_table, table_from_data
>>> t = table_from_data([{"methods": "POST", "pattern": "/v1/messages", "protocol": "anthropic"}])
>>> t.match("GET", "/v1/messages").status
405
"""

from ._matcher import Match as Match
from ._patterns import ANY_METHOD as ANY_METHOD
from ._patterns import Route as Route
from ._presets import BUILTIN_TABLES as BUILTIN_TABLES
from ._presets import route_table as route_table
from ._table import RouteTable as RouteTable
from ._table import TableQuirks as TableQuirks
from ._tabledata import load_route_table as load_route_table
from ._tabledata import table_from_data as table_from_data
from ._tabledata import table_from_json as table_from_json
from ._tabledata import table_from_toml as table_from_toml
from ._tabledata import table_to_data as table_to_data

__all__ = [
    "ANY_METHOD",
    "BUILTIN_TABLES",
    "Match",
    "Route",
    "RouteTable",
    "TableQuirks",
    "load_route_table",
    "route_table",
    "table_from_data",
    "table_from_json",
    "table_from_toml",
    "table_to_data",
]

# Classes that live here and not at the top level say so (see agroutes/__init__.py).
for _public in (
    Match,
    Route,
    TableQuirks,
):
    _public.__module__ = __name__
del _public
