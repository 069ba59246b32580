"""Scoring against gold annotations, by the rules of the per-document JSON format.

Entities match on type and name (a predicted name matches a gold entity if it equals its
name or one of its mentions, ignoring case, diacritics, apostrophes and hyphens). Relations
match on unique (type, source, target) per document, endpoints resolved the same way,
``allied_with`` unordered. Micro-averaged over documents; date and status accuracy are
measured over matched relations.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from pathlib import Path

from pydantic import BaseModel, ValidationError

from kg.errors import InputError
from kg.models import GoldDocument
from kg.ontology import RelationType

_PUNCT = re.compile(r"['’‘`´ʼ]")
_DASHES = re.compile(r"[-‐‑–—]")


def loose(name: str) -> str:
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = _DASHES.sub(" ", _PUNCT.sub("", text))
    return " ".join(text.split())


class Score(BaseModel):
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 0.0

    @property
    def recall(self) -> float:
        wanted = self.true_positives + self.false_negatives
        return self.true_positives / wanted if wanted else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


class Report(BaseModel):
    documents: int = 0
    entities: Score = Score()
    relations: Score = Score()
    relations_by_type: dict[str, Score] = {}
    matched_relations: int = 0
    dates_correct: int = 0
    statuses_correct: int = 0
    missing_predictions: list[str] = []
    #: One line per relation that did not match: "FN|FP doc type source -> target".
    mismatches: list[str] = []

    @property
    def date_accuracy(self) -> float:
        return self.dates_correct / self.matched_relations if self.matched_relations else 0.0

    @property
    def status_accuracy(self) -> float:
        return self.statuses_correct / self.matched_relations if self.matched_relations else 0.0

    def summary(self) -> dict[str, float | int]:
        return {
            "documents": self.documents,
            "entity_precision": round(self.entities.precision, 4),
            "entity_recall": round(self.entities.recall, 4),
            "entity_f1": round(self.entities.f1, 4),
            "relation_precision": round(self.relations.precision, 4),
            "relation_recall": round(self.relations.recall, 4),
            "relation_f1": round(self.relations.f1, 4),
            "matched_relations": self.matched_relations,
            "date_accuracy": round(self.date_accuracy, 4),
            "status_accuracy": round(self.status_accuracy, 4),
        }


def _resolver(gold: GoldDocument) -> dict[tuple[str, str], str]:
    table: dict[tuple[str, str], str] = {}
    for entity in gold.entities:
        for form in (entity.name, *entity.mentions):
            table.setdefault((entity.type.value, loose(form)), entity.name)
    return table


def _any_type_resolver(gold: GoldDocument) -> dict[str, str]:
    table: dict[str, str] = {}
    for entity in gold.entities:
        for form in (entity.name, *entity.mentions):
            table.setdefault(loose(form), entity.name)
    return table


Triple = tuple[str, str, str]


def _triples(
    relations: list[dict[str, object]], resolve: dict[str, str]
) -> dict[Triple, list[tuple[object, object]]]:
    found: dict[Triple, list[tuple[object, object]]] = defaultdict(list)
    for rel in relations:
        rtype = str(rel["type"])
        source = resolve.get(loose(str(rel["source"])), loose(str(rel["source"])))
        target = resolve.get(loose(str(rel["target"])), loose(str(rel["target"])))
        if rtype == RelationType.ALLIED_WITH.value:
            source, target = sorted((source, target))
        found[(rtype, source, target)].append((rel.get("date"), rel.get("status")))
    return found


def score_document(gold: GoldDocument, predicted: dict[str, object], report: Report) -> None:
    table = _resolver(gold)
    pred_entities = predicted.get("entities") or []
    assert isinstance(pred_entities, list)
    matched_gold: set[str] = set()
    for entity in pred_entities:
        name = table.get((str(entity["type"]), loose(str(entity["name"]))))
        if name is not None and name not in matched_gold:
            matched_gold.add(name)
            report.entities.true_positives += 1
        else:
            report.entities.false_positives += 1
    report.entities.false_negatives += len({e.name for e in gold.entities} - matched_gold)

    resolve = _any_type_resolver(gold)
    gold_triples = _triples([r.model_dump(mode="json") for r in gold.relations], resolve)
    pred_relations = predicted.get("relations") or []
    assert isinstance(pred_relations, list)
    pred_triples = _triples(pred_relations, resolve)
    for triple in pred_triples.keys() | gold_triples.keys():
        by_type = report.relations_by_type.setdefault(triple[0], Score())
        if triple in pred_triples and triple in gold_triples:
            report.relations.true_positives += 1
            by_type.true_positives += 1
            report.matched_relations += 1
            gold_dates = {d for d, _ in gold_triples[triple]}
            pred_dates = {d for d, _ in pred_triples[triple]}
            gold_status = {s for _, s in gold_triples[triple]}
            pred_status = {s for _, s in pred_triples[triple]}
            report.dates_correct += bool(gold_dates & pred_dates)
            report.statuses_correct += bool(gold_status & pred_status)
            if not gold_dates & pred_dates or not gold_status & pred_status:
                report.mismatches.append(
                    f"~~ {gold.doc} {triple[0]} {triple[1]} -> {triple[2]} "
                    f"gold {sorted(map(str, gold_dates))}/{sorted(map(str, gold_status))} "
                    f"pred {sorted(map(str, pred_dates))}/{sorted(map(str, pred_status))}"
                )
        elif triple in pred_triples:
            report.relations.false_positives += 1
            by_type.false_positives += 1
            report.mismatches.append(f"FP {gold.doc} {triple[0]} {triple[1]} -> {triple[2]}")
        else:
            report.relations.false_negatives += 1
            by_type.false_negatives += 1
            report.mismatches.append(f"FN {gold.doc} {triple[0]} {triple[1]} -> {triple[2]}")


def evaluate_dirs(gold_dir: Path, pred_dir: Path) -> Report:
    """Score every gold file against the prediction with the same stem (missing = empty)."""
    report = Report()
    gold_files = sorted(gold_dir.glob("*.json"))
    if not gold_files:
        raise InputError("no gold *.json files", path=str(gold_dir))
    for gold_file in gold_files:
        try:
            gold = GoldDocument.model_validate_json(gold_file.read_text(encoding="utf-8"))
        except (OSError, ValidationError) as exc:
            first = str(exc).splitlines()[0]
            raise InputError(f"invalid gold file: {first}", path=str(gold_file)) from exc
        pred_file = pred_dir / gold_file.name
        predicted: dict[str, object] = {"entities": [], "relations": []}
        if pred_file.exists():
            try:
                predicted = json.loads(pred_file.read_text(encoding="utf-8"))
            except (OSError, json.JSONDecodeError) as exc:
                raise InputError(f"invalid prediction file: {exc}", path=str(pred_file)) from exc
        else:
            report.missing_predictions.append(gold_file.name)
        report.documents += 1
        score_document(gold, predicted, report)
    return report
