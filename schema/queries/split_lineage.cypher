// split_lineage: where a group came from and what split from it, following SPLIT_FROM
// up to 6 hops. direction 'parent': $group split (directly or through intermediaries)
// from the last group of the chain; 'offshoot': the last group split from $group.
// dates: the first reported date of each hop, in chain order (null when undated).
// $group  required  canonical name or any alias, any case
MATCH (g:Group)
WHERE toLower(g.name) = toLower($group)
   OR any(alias IN g.aliases WHERE toLower(alias) = toLower($group))
MATCH p = (g)-[:SPLIT_FROM*1..6]->(other:Group)
RETURN 'parent' AS direction, other.name AS group, length(p) AS hops,
       [n IN nodes(p) | n.name] AS chain, [r IN relationships(p) | r.first_date] AS dates,
       [r IN relationships(p) | r.status] AS statuses
UNION ALL
MATCH (g:Group)
WHERE toLower(g.name) = toLower($group)
   OR any(alias IN g.aliases WHERE toLower(alias) = toLower($group))
MATCH p = (g)<-[:SPLIT_FROM*1..6]-(other:Group)
RETURN 'offshoot' AS direction, other.name AS group, length(p) AS hops,
       [n IN nodes(p) | n.name] AS chain, [r IN relationships(p) | r.first_date] AS dates,
       [r IN relationships(p) | r.status] AS statuses
