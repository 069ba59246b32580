// alliances_as_of: the allies of a group whose alliance holds on a given date.
// An ALLIED_WITH edge holds on $date when it began on or before it (valid_from_date, else
// date_from, the first day of its earliest reported date) and had not ended before it
// (valid_to_date null or on/after $date). Denied alliances are left out, and so are undated
// ones unless $undated is true. ALLIED_WITH is stored once per pair (endpoints sorted), so it
// is matched undirected.
// $group    required  canonical name or any alias, any case (e.g. HTS)
// $date     required  'YYYY-MM-DD'
// $undated  optional  true: also list alliances with no known start (since is null)
MATCH (g:Group)
WHERE toLower(g.name) = toLower($group)
   OR any(alias IN g.aliases WHERE toLower(alias) = toLower($group))
MATCH (g)-[r:ALLIED_WITH]-(ally:Group)
WITH g, r, ally, coalesce(r.valid_from_date, r.date_from) AS since
WHERE r.status <> 'denied'
  AND (since <= date($date) OR (since IS NULL AND $undated = true))
  AND (r.valid_to_date IS NULL OR r.valid_to_date >= date($date))
RETURN g.name AS group, ally.name AS ally, r.status AS status, since,
       r.valid_to_date AS until, r.support AS support, r.documents AS documents
ORDER BY ally
