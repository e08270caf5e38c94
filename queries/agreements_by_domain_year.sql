-- title: Agreements by domain and year
-- description: Number of agreements signed per domain of cooperation and year, with their ids; agreements without a signature date are counted under their latest milestone year.
-- grain: one row per domain and year
-- param actor (id actors.actor_id, default kor, '' = all): only agreements with this actor as a party, or (for a state) with a party belonging to it
WITH dated AS (
  SELECT g.agreement_id, coalesce(year(g.signed_date),
         (SELECT max(year(m.milestone_date)) FROM milestones m WHERE m.table_name = 'agreements' AND m.record_id = g.agreement_id)) AS year
  FROM agreements g
  WHERE $actor = '' OR EXISTS (
    SELECT 1 FROM agreement_parties p JOIN actor_country ac USING (actor_id)
    WHERE p.agreement_id = g.agreement_id AND (p.actor_id = $actor OR ac.state_actor_id = $actor))
)
SELECT d.domain, dated.year, count(*) AS agreements, string_agg(dated.agreement_id, ', ' ORDER BY dated.agreement_id) AS agreement_ids
FROM dated JOIN agreement_domains d USING (agreement_id)
GROUP BY ALL
ORDER BY d.domain, dated.year;
