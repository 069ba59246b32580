"""Errors for people: one line, a stable code, the file or value at fault, what to do.

Code families: KG-E1xx input, KG-E2xx extraction, KG-E3xx store, KG-E4xx query, KG-E5xx config.
"""

from __future__ import annotations


class KgError(Exception):
    code = "KG-E000"

    def __init__(self, message: str, *, path: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path

    def __str__(self) -> str:
        where = f"{self.path}: " if self.path else ""
        return f"{self.code} {where}{self.message}"


class InputError(KgError):
    """A document that cannot be read; the batch goes on without it."""

    code = "KG-E100"


class EmptySourceError(KgError):
    """A refresh whose paths yield no document would retract everything loaded from them."""

    code = "KG-E102"


class GazetteerError(KgError):
    code = "KG-E200"


class ExtractionError(KgError):
    code = "KG-E201"


class StoreError(KgError):
    code = "KG-E300"


class LockedError(KgError):
    """Another refresh holds the lock."""

    code = "KG-E301"


class QueryError(KgError):
    code = "KG-E400"


class ConfigError(KgError):
    code = "KG-E500"
