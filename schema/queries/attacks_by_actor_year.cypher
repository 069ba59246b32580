// attacks_by_actor_year: attacks reported per attacking group and year, from the claims.
// attacks counts distinct (target, date) pairs, so one attack reported by several documents
// counts once; year is that of the claim's date (null: undated). Denied attacks are left out.
// $actor  optional  canonical name or alias of the attacker, any case; omit for all
// $year   optional  a year, e.g. 2015; omit for all
MATCH (c:Claim {type: 'attacked'})-[:SUBJECT]->(a:Group)
MATCH (c)-[:OBJECT]->(t:Group)
WHERE c.status <> 'denied'
  AND ($actor IS NULL
       OR toLower(a.name) = toLower($actor)
       OR any(alias IN a.aliases WHERE toLower(alias) = toLower($actor)))
WITH a, t, c, CASE WHEN c.date IS NULL THEN null ELSE toInteger(substring(c.date, 0, 4)) END AS year
WHERE $year IS NULL OR year = toInteger($year)
RETURN a.name AS actor, year,
       count(DISTINCT t.id + '|' + coalesce(c.date, '')) AS attacks,
       collect(DISTINCT t.name) AS targets, collect(DISTINCT c.date) AS dates,
       count(DISTINCT c.document_id) AS documents
ORDER BY actor, year
