"""kg: articles about armed groups in, a Cypher-queryable knowledge graph out.

The library verbs live in :mod:`kg.api`; they are re-exported here lazily so that
``import kg`` (and ``kg --help``) stays instant.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

_API = {"build", "extract", "evaluate", "query", "export", "refresh", "to_networkx", "open_store"}


def __getattr__(name: str) -> Any:
    if name in _API:
        from kg import api

        return getattr(api, name)
    raise AttributeError(name)
