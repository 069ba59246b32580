"""Where the shipped data files live: ``schema/`` in a checkout, ``kg/_schema`` in a wheel."""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def schema_dir() -> Path:
    for candidate in (_PACKAGE_DIR / "_schema", _PACKAGE_DIR.parent / "schema"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("kg's schema/ folder is missing from this installation")


def gazetteer_path() -> Path:
    return schema_dir() / "gazetteer"


def queries_dir() -> Path:
    return schema_dir() / "queries"
