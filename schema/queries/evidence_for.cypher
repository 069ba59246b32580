// evidence_for: "according to which document?": every claim that $source stands in a
// relation to $target, with its status, date, sentence and document. ALLIED_WITH is
// unordered, so for it the two names may come in either order.
// $source  required  canonical name or any alias, any case
// $target  required  canonical name or any alias, any case
// $type    optional  relation type, e.g. ALLIED_WITH or pledged_to; omit for all
MATCH (d:Document)-[:STATES]->(c:Claim)-[:SUBJECT]->(s)
MATCH (c)-[:OBJECT]->(t)
WHERE ($type IS NULL OR c.type = toLower($type))
  AND (((toLower(s.name) = toLower($source)
         OR any(alias IN s.aliases WHERE toLower(alias) = toLower($source)))
        AND (toLower(t.name) = toLower($target)
             OR any(alias IN t.aliases WHERE toLower(alias) = toLower($target))))
       OR (c.type = 'allied_with'
           AND (toLower(s.name) = toLower($target)
                OR any(alias IN s.aliases WHERE toLower(alias) = toLower($target)))
           AND (toLower(t.name) = toLower($source)
                OR any(alias IN t.aliases WHERE toLower(alias) = toLower($source)))))
RETURN toUpper(c.type) AS relation, s.name AS source, t.name AS target, c.status AS status,
       c.date AS date, c.valid_from AS valid_from, c.valid_to AS valid_to,
       c.attributed_to AS attributed_to, c.sentence AS sentence, d.name AS document,
       d.date AS document_date, c.rule AS rule, c.confidence AS confidence
ORDER BY relation, date, document, sentence
