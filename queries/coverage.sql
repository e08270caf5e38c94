-- title: Coverage of the dataset
-- description: Records per table and country pair (the two countries a record links: buyer and supplier of a contract, the parties of an agreement, speakers and targets of a statement), with how many are single-sourced or contested.
-- grain: one row per table and country pair
WITH state_of AS (
  SELECT a.actor_id, coalesce(a.country_iso3, p.country_iso3) AS iso3
  FROM actors a LEFT JOIN actors p ON p.actor_id = a.parent_actor_id
),
links AS (
  SELECT 'contracts' AS table_name, c.contract_id AS record_id, b.iso3 AS x, s.iso3 AS y
  FROM contracts c JOIN state_of b ON b.actor_id = c.buyer_actor_id JOIN state_of s ON s.actor_id = c.supplier_actor_id
  UNION ALL
  SELECT 'agreements', p1.agreement_id, s1.iso3, s2.iso3
  FROM agreement_parties p1 JOIN agreement_parties p2 ON p1.agreement_id = p2.agreement_id
  JOIN state_of s1 ON s1.actor_id = p1.actor_id JOIN state_of s2 ON s2.actor_id = p2.actor_id
  WHERE p1.role = 'party' AND p2.role = 'party' AND s1.iso3 < s2.iso3
  UNION ALL
  SELECT 'statements', a1.statement_id, s1.iso3, s2.iso3
  FROM statement_actors a1 JOIN statement_actors a2 ON a1.statement_id = a2.statement_id
  JOIN state_of s1 ON s1.actor_id = a1.actor_id JOIN state_of s2 ON s2.actor_id = a2.actor_id
  WHERE a1.role = 'speaker' AND s1.iso3 <> s2.iso3 AND (a2.role <> 'speaker' OR s1.iso3 < s2.iso3)
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
