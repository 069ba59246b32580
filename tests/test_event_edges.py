"""Operations and agreements in the graph: who took part, who signed, where, with evidence.

Built from the hand-written article ``tests/data/articles/09_operations_agreements.txt`` and
queried in Cypher against the live Bolt server, the way an analyst would.
"""

from __future__ import annotations

from pathlib import Path

from kg import api
from kg.settings import Settings

ARTICLE = Path(__file__).resolve().parent / "data" / "articles" / "09_operations_agreements.txt"


def test_operations_and_agreements_link_parties_and_places(clean_settings: Settings) -> None:
    result = api.build([ARTICLE], clean_settings)
    assert not result.errors

    operations = api.query(
        "MATCH (g:Group)-[p:PARTICIPATED_IN]->(o:Operation)-[:TOOK_PLACE_IN]->(l:Location) "
        "RETURN g.name AS group, o.name AS operation, l.name AS place, p.status AS status "
        "ORDER BY group",
        settings=clean_settings,
    )
    assert [(r["group"], r["operation"], r["place"], r["status"]) for r in operations] == [
        ("Jaysh al-Izza", "Operation Dawn of Victory", "Kafr Nubudah", "asserted"),
        ("Turkistan Islamic Party", "Operation Dawn of Victory", "Kafr Nubudah", "asserted"),
    ]

    signatories = api.query(
        "MATCH (g:Group)-[p:PARTY_TO]->(a:Agreement)-[:TOOK_PLACE_IN]->(l:Location) "
        "RETURN g.name AS group, a.name AS agreement, l.name AS place, p.first_date AS date "
        "ORDER BY group",
        settings=clean_settings,
    )
    assert [(r["group"], r["place"], r["date"]) for r in signatories] == [
        ("Ahrar al-Sham", "Sarmada", "2021-03-09"),
        ("Hay'at Tahrir al-Sham", "Sarmada", "2021-03-09"),
    ]

    # "Ahrar al-Sham said it had not joined Operation Dawn of Victory": no edge.
    denied = api.query(
        "MATCH (:Group {name: $group})-[r:PARTICIPATED_IN]->(:Operation) RETURN count(r) AS n",
        {"group": "Ahrar al-Sham"},
        settings=clean_settings,
    )
    assert denied == [{"n": 0}]
