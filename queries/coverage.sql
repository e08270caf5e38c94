-- title: Coverage of the dataset
-- description: Records per table and country pair (the two countries a record links, through actor_country: buyer and supplier of a contract, the parties of an agreement, a speaker and another speaker, target or addressee of a statement), with how many are single-sourced, contested or corroborated, and the coverage declarations that reach the pair for that table (what the dataset claims to be complete for there; none = collected as found, not complete).
-- grain: one row per table and country pair
WITH links AS (
  SELECT 'contracts' AS table_name, c.contract_id AS record_id, b.country_iso3 AS x, s.country_iso3 AS y
  FROM contracts c
  JOIN actor_country b ON b.actor_id = c.buyer_actor_id
  JOIN actor_country s ON s.actor_id = c.supplier_actor_id
  UNION ALL
  SELECT 'agreements', p1.agreement_id, s1.country_iso3, s2.country_iso3
  FROM agreement_parties p1 JOIN agreement_parties p2 ON p1.agreement_id = p2.agreement_id
  JOIN actor_country s1 ON s1.actor_id = p1.actor_id JOIN actor_country s2 ON s2.actor_id = p2.actor_id
  WHERE p1.role = 'party' AND p2.role = 'party'
  UNION ALL
  SELECT 'statements', a1.statement_id, s1.country_iso3, s2.country_iso3
  FROM statement_actors a1 JOIN statement_actors a2 ON a1.statement_id = a2.statement_id
  JOIN actor_country s1 ON s1.actor_id = a1.actor_id JOIN actor_country s2 ON s2.actor_id = a2.actor_id
  WHERE a1.role = 'speaker'
),
pairs AS (
  SELECT DISTINCT table_name, record_id, least(x, y) AS a, greatest(x, y) AS b
  FROM links WHERE x IS NOT NULL AND y IS NOT NULL AND x <> y
),
counts AS (
  SELECT p.table_name, p.a || '-' || p.b AS country_pair, p.a, p.b, count(*) AS records,
         count(*) FILTER (WHERE r.verification = 'single_source') AS single_source,
         count(*) FILTER (WHERE r.verification = 'contested') AS contested,
         count(*) FILTER (WHERE r.verification = 'corroborated') AS corroborated
  FROM pairs p JOIN records r USING (table_name, record_id)
  GROUP BY ALL
)
SELECT c.table_name, c.country_pair, c.records, c.single_source, c.contested, c.corroborated,
       (SELECT string_agg(label, ', ' ORDER BY label)
        FROM (SELECT d.declaration_id || ' (' || d.year_from || '-' || d.year_to || ')' AS label, d.*
              FROM coverage_declarations d) d
        WHERE d.table_name = c.table_name
          AND d.state_a_iso3 IN (c.a, c.b) AND (d.state_b_iso3 IS NULL OR d.state_b_iso3 IN (c.a, c.b))) AS declarations
FROM counts c
ORDER BY c.table_name, c.records DESC, c.country_pair;
