"""The gazetteer: names and aliases of known groups, leaders and places, kept as data.

It is general knowledge used to *find and name* entities; relation facts never come from it.
Validated on load; an error names the file and the line of the bad entry.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from kg.errors import GazetteerError
from kg.ontology import EntityType
from kg.resolve import name_key

_SECTIONS = {
    "groups": EntityType.GROUP,
    "leaders": EntityType.LEADER,
    "locations": EntityType.LOCATION,
}


class GazetteerEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1)
    kind: str | None = None
    aliases: list[str] = Field(default_factory=list)


@dataclass(frozen=True, slots=True)
class KnownEntity:
    type: EntityType
    name: str
    kind: str | None
    aliases: tuple[str, ...]

    @property
    def surface_forms(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True, slots=True)
class Gazetteer:
    entries: tuple[KnownEntity, ...]
    source: str

    def by_key(self) -> dict[tuple[EntityType, str], KnownEntity]:
        """Lookup of every surface form's key (per type) to its entry."""
        index: dict[tuple[EntityType, str], KnownEntity] = {}
        for entry in self.entries:
            for form in entry.surface_forms:
                index.setdefault((entry.type, name_key(form)), entry)
        return index


def _entry_lines(text: str) -> dict[tuple[str, int], int]:
    """1-based line of each list item, so validation errors can point at it."""
    lines: dict[tuple[str, int], int] = {}
    root = yaml.compose(text)
    if not isinstance(root, yaml.MappingNode):
        return lines
    for key_node, value_node in root.value:
        if isinstance(value_node, yaml.SequenceNode):
            for index, item in enumerate(value_node.value):
                lines[(str(key_node.value), index)] = item.start_mark.line + 1
    return lines


def load_gazetteer(path: Path) -> Gazetteer:
    """Load one YAML file, or every ``*.yaml`` of a folder (groups, leaders, places ...)."""
    if path.is_dir():
        files = sorted(path.glob("*.yaml"))
        if not files:
            raise GazetteerError("no *.yaml files in the gazetteer folder", path=str(path))
        entries = tuple(e for f in files for e in _load_file(f).entries)
        return Gazetteer(entries, str(path))
    return _load_file(path)


def _load_file(path: Path) -> Gazetteer:
    try:
        text = path.read_text(encoding="utf-8")
        data: Any = yaml.safe_load(text)
    except (OSError, UnicodeDecodeError) as exc:
        raise GazetteerError(f"cannot read the gazetteer: {exc}", path=str(path)) from exc
    except yaml.YAMLError as exc:
        raise GazetteerError(f"invalid YAML: {exc}".replace("\n", " "), path=str(path)) from exc
    if not isinstance(data, dict):
        raise GazetteerError("expected a mapping with groups, leaders, locations", path=str(path))
    unknown = set(data) - set(_SECTIONS) - {"version"}
    if unknown:
        raise GazetteerError(f"unknown top-level keys: {sorted(unknown)}", path=str(path))
    lines = _entry_lines(text)
    entries: list[KnownEntity] = []
    for section, entity_type in _SECTIONS.items():
        for index, raw in enumerate(data.get(section) or []):
            try:
                entry = GazetteerEntry.model_validate(raw)
            except ValidationError as exc:
                line = lines.get((section, index), 0)
                problem = "; ".join(
                    f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors()
                )
                raise GazetteerError(
                    f"line {line}: {section}[{index}]: {problem}", path=str(path)
                ) from exc
            entries.append(
                KnownEntity(entity_type, entry.name.strip(), entry.kind, tuple(entry.aliases))
            )
    return Gazetteer(tuple(entries), str(path))
