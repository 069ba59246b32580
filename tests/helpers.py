"""Small helpers shared by several test modules (importable because tests/ is on sys.path)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from typer.testing import Result

from kg.models import Claim, Entity, Evidence
from kg.ontology import EntityType, RelationType, Status
from kg.settings import Settings


def ent(entity_id: str, name: str, *forms: str) -> Entity:
    """A hand-made entity; its type comes from the id prefix (``group:...``)."""
    kind = EntityType(entity_id.split(":", 1)[0].capitalize())
    return Entity(id=entity_id, type=kind, name=name, mentions=list(forms) or [name])


def claim(
    doc_id: str,
    n: int,
    rel_type: RelationType,
    source: Entity,
    target: Entity,
    *,
    status: Status = Status.ASSERTED,
    sentence: str | None = None,
    **extra: Any,
) -> Claim:
    """A hand-made claim numbered ``n`` in document ``doc_id``, with its evidence sentence."""
    sentence = sentence or f"{source.name} {rel_type.value} {target.name} ({doc_id} #{n})."
    return Claim(
        id=f"claim:{doc_id}:{n}",
        type=rel_type,
        source=source.id,
        target=target.id,
        source_name=source.name,
        target_name=target.name,
        status=status,
        evidence=Evidence(
            document_id=doc_id, sentence=sentence, start=0, end=len(sentence), rule="t.v1"
        ),
        **extra,
    )


def summary(result: Result) -> dict[str, dict[str, int]]:
    """The ``nodes:`` and ``edges:`` lines of a build/refresh summary, as numbers."""
    out: dict[str, dict[str, int]] = {}
    for line in result.stdout.splitlines():
        kind, sep, rest = line.partition(": ")
        if sep and kind in ("nodes", "edges"):
            parts = [] if rest == "none" else [p.rsplit(" ", 1) for p in rest.split(", ")]
            out[kind] = {name: int(n) for name, n in parts}
    return out


def settings_env(settings: Settings, data_dir: Path) -> dict[str, str]:
    """The environment that points a ``kg`` command at the test server and a data folder."""
    return {
        "NEO4J_URI": settings.neo4j_uri or "",
        "NEO4J_USERNAME": settings.neo4j_username,
        "NEO4J_PASSWORD": settings.neo4j_password.get_secret_value(),
        "NEO4J_DATABASE": settings.neo4j_database,
        "KG_DATA_DIR": str(data_dir),
    }
