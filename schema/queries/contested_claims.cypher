// contested_claims: edges the sources disagree on (status 'contested': asserted, claimed or
// reported by one document, denied by another), one row per claim with who said what.
// No parameters.
MATCH (a)-[r]->(b)
WHERE r.status = 'contested'
MATCH (d:Document)-[:STATES]->(c:Claim)
WHERE c.edge_key = r.key
RETURN type(r) AS relation, a.name AS source, b.name AS target, c.status AS status,
       c.date AS date, c.attributed_to AS attributed_to, d.name AS document,
       c.sentence AS sentence, r.key AS edge_key
ORDER BY edge_key, status, document
