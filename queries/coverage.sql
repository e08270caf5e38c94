-- title: Coverage of the dataset
-- description: Records per table and country pair (the two countries a record links, through actor_country: buyer and supplier of a contract, the parties of an agreement, a speaker and another speaker, target or addressee of a statement), with how many are single-sourced, contested or corroborated.
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
  SELECT DISTINCT table_name, record_id, least(x, y) || '-' || greatest(x, y) AS country_pair
  FROM links WHERE x IS NOT NULL AND y IS NOT NULL AND x <> y
)
SELECT p.table_name, p.country_pair, count(*) AS records,
       count(*) FILTER (WHERE r.verification = 'single_source') AS single_source,
       count(*) FILTER (WHERE r.verification = 'contested') AS contested,
       count(*) FILTER (WHERE r.verification = 'corroborated') AS corroborated
FROM pairs p JOIN records r USING (table_name, record_id)
GROUP BY ALL
ORDER BY p.table_name, records DESC, p.country_pair;
