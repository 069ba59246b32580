// group_profile: one row about a group: aliases, leaders, places, allies, enemies (attacked
// it or attacked by it), pledges, splits and the documents that mention it. Denied edges are
// left out of the lists.
// $group  required  canonical name or any alias, any case
MATCH (g:Group)
WHERE toLower(g.name) = toLower($group)
   OR any(alias IN g.aliases WHERE toLower(alias) = toLower($group))
OPTIONAL MATCH (l:Leader)-[rl:LEADS]->(g)
WITH g, collect(DISTINCT CASE WHEN rl.status <> 'denied' THEN l.name END) AS leaders
OPTIONAL MATCH (g)-[rb:BASED_IN]->(p:Location)
WITH g, leaders, collect(DISTINCT CASE WHEN rb.status <> 'denied' THEN p.name END) AS places
OPTIONAL MATCH (g)-[ra:ALLIED_WITH]-(ally:Group)
WITH g, leaders, places,
     collect(DISTINCT CASE WHEN ra.status <> 'denied' THEN ally.name END) AS allies
OPTIONAL MATCH (g)-[rx:ATTACKED]-(enemy:Group)
WITH g, leaders, places, allies,
     collect(DISTINCT CASE WHEN rx.status <> 'denied' THEN enemy.name END) AS enemies
OPTIONAL MATCH (g)-[rp:PLEDGED_TO]->(lord)
WITH g, leaders, places, allies, enemies,
     collect(DISTINCT CASE WHEN rp.status <> 'denied' THEN lord.name END) AS pledged_to
OPTIONAL MATCH (g)-[rs:SPLIT_FROM]->(parent:Group)
WITH g, leaders, places, allies, enemies, pledged_to,
     collect(DISTINCT CASE WHEN rs.status <> 'denied' THEN parent.name END) AS split_from
OPTIONAL MATCH (d:Document)-[:MENTIONS]->(g)
RETURN g.name AS group, g.aliases AS aliases, leaders, places, allies, enemies, pledged_to,
       split_from, collect(DISTINCT d.name) AS documents
