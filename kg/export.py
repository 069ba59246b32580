"""Reading the whole stored graph out: networkx, GraphML, JSON, CSV."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg import cypher
from kg.errors import InputError
from kg.graph import networkx_edge_attributes
from kg.ontology import EntityType, RelationType

if TYPE_CHECKING:
    import networkx as nx

    from kg.store import GraphStore

FORMATS = ("graphml", "json", "csv")


def _plain(value: Any) -> Any:
    """Driver values to JSON/GraphML-friendly ones (dates as ISO text)."""
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if hasattr(value, "iso_format"):
        return value.iso_format()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def read_graph(store: GraphStore) -> nx.MultiDiGraph:
    import networkx as nx

    graph = nx.MultiDiGraph()
    for entity_type, (query, params) in zip(EntityType, cypher.all_entities(), strict=True):
        for row in store.read(query, params):
            graph.add_node(
                row["id"], label=entity_type.value, name=row["name"], aliases=row["aliases"] or []
            )
    for rel_type, (query, params) in zip(RelationType, cypher.all_edges(), strict=True):
        for row in store.read(query, params):
            # networkx reserves "key" (add_edge, node_link_graph): it becomes "edge_key"
            props = networkx_edge_attributes(row["props"] or {}, rel_type.cypher_type)
            graph.add_edge(row["source"], row["target"], key=rel_type.cypher_type, **props)
    return graph


def write_export(store: GraphStore, fmt: str, out: Path) -> Path:
    import networkx as nx

    if fmt not in FORMATS:
        raise InputError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
    graph = read_graph(store)
    if fmt == "graphml":
        flat = nx.MultiDiGraph()
        for node, data in graph.nodes(data=True):
            flat.add_node(node, **{k: _graphml_value(v) for k, v in data.items()})
        for a, b, key, data in graph.edges(keys=True, data=True):
            flat.add_edge(a, b, key=key, **{k: _graphml_value(v) for k, v in data.items()})
        out.parent.mkdir(parents=True, exist_ok=True)
        nx.write_graphml(flat, out)
        return out
    if fmt == "json":
        out.parent.mkdir(parents=True, exist_ok=True)
        payload = nx.node_link_data(graph, edges="edges")
        out.write_text(json.dumps(payload, ensure_ascii=False, indent=1, default=str), "utf-8")
        return out
    out.mkdir(parents=True, exist_ok=True)
    with (out / "nodes.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "label", "name", "aliases"])
        for node, data in graph.nodes(data=True):
            writer.writerow([node, data["label"], data["name"], "|".join(data["aliases"])])
    with (out / "edges.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        columns = [
            "source",
            "target",
            "type",
            "status",
            "support",
            "first_date",
            "last_date",
            "valid_from",
            "valid_to",
            "documents",
            "evidence",
        ]
        writer.writerow(columns)
        for a, b, data in graph.edges(data=True):
            writer.writerow([a, b] + [_csv_value(data.get(c)) for c in columns[2:]])
    return out


def _graphml_value(value: Any) -> Any:
    if isinstance(value, list):
        return json.dumps(value, ensure_ascii=False)
    return "" if value is None else value


def _csv_value(value: Any) -> str:
    if isinstance(value, list):
        return " | ".join(str(v) for v in value)
    return "" if value is None else str(value)
