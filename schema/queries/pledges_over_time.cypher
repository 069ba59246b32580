// pledges_over_time: every PLEDGED_TO edge (allegiance, bay'ah), earliest first; undated last.
// $group  optional  canonical name or alias, any case, on either side (who pledged or to whom);
//                   omit for all pledges
MATCH (a)-[r:PLEDGED_TO]->(b)
WHERE $group IS NULL
   OR toLower(a.name) = toLower($group)
   OR any(alias IN a.aliases WHERE toLower(alias) = toLower($group))
   OR toLower(b.name) = toLower($group)
   OR any(alias IN b.aliases WHERE toLower(alias) = toLower($group))
RETURN a.name AS pledger, b.name AS pledged_to, r.first_date AS first_date,
       r.last_date AS last_date, r.date_from AS date, r.status AS status,
       r.support AS support, r.documents AS documents
ORDER BY date, pledger, pledged_to
