"""The JSON Schemas in schema/ are the ones the models produce (run `make schemas` to update)."""

from __future__ import annotations

import pytest

from kg.resources import schema_dir
from kg.schemas import MODELS, render


@pytest.mark.parametrize("name", sorted(MODELS))
def test_exported_schema_is_current(name: str) -> None:
    exported = (schema_dir() / f"{name}.schema.json").read_text(encoding="utf-8")
    assert exported == render(MODELS[name]), f"schema/{name}.schema.json is stale: make schemas"
