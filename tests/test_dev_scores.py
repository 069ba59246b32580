"""Regression guard on the dev set (seed articles vs. their gold annotations).

The issue's bars: entity F1 >= 0.85, relation F1 >= 0.70, date and status accuracy >= 0.80.
The suite fails if any score falls below its bar (scores reached are in the CHANGELOG).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg import api
from kg.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
GOLD = ROOT / "tests" / "data" / "gold"

BARS = {"entity_f1": 0.85, "relation_f1": 0.70, "date_accuracy": 0.80, "status_accuracy": 0.80}


@pytest.fixture(scope="module")
def dev_summary(tmp_path_factory: pytest.TempPathFactory) -> dict[str, float]:
    out = tmp_path_factory.mktemp("pred")
    result = api.extract([SEEDS], Settings(), out_dir=out)
    assert not result.errors
    assert sorted(p.name for p in Path(out).glob("*.json")) == sorted(
        p.name for p in GOLD.glob("*.json")
    )
    return api.evaluate(GOLD, out).summary()


@pytest.mark.parametrize("metric", sorted(BARS))
def test_dev_score_meets_the_bar(dev_summary: dict[str, float], metric: str) -> None:
    assert dev_summary[metric] >= BARS[metric], json.dumps(dev_summary, indent=1)
