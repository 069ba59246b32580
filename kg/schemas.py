"""JSON Schema of the boundary models, exported into ``schema/`` (``make schemas``)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from pydantic import BaseModel

from kg.models import Claim, Document, Entity, Extraction, GoldDocument

MODELS: dict[str, type[BaseModel]] = {
    "document": Document,
    "entity": Entity,
    "claim": Claim,
    "extraction": Extraction,
    "per-document-json": GoldDocument,
}


def render(model: type[BaseModel]) -> str:
    return json.dumps(model.model_json_schema(), indent=2, sort_keys=True) + "\n"


def write_schemas(folder: Path) -> list[Path]:
    written = []
    for name, model in MODELS.items():
        path = folder / f"{name}.schema.json"
        path.write_text(render(model), encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    for path in write_schemas(Path(sys.argv[1] if len(sys.argv) > 1 else "schema")):
        print(path)
