-- title: Timeline of a dyad
-- description: Every dated agreement, agreement and contract milestone and statement linking two states (through their bodies, firms and people: actor_country), in order of the day each item had surely happened by (the end of its period: a month-dated item sits at the month's end).
-- grain: one row per dated item
-- param a (id actor_country.state_actor_id, default kor): first state (actor id = ISO3, any case; a and b differ)
-- param b (id actor_country.state_actor_id, default mys): second state (actor id = ISO3, any case)
WITH party_state AS (
  SELECT p.agreement_id, ac.state_actor_id
  FROM agreement_parties p JOIN actor_country ac USING (actor_id)
  WHERE p.role = 'party'
),
dyad_agreements AS (
  SELECT agreement_id FROM party_state WHERE state_actor_id = $a
  INTERSECT
  SELECT agreement_id FROM party_state WHERE state_actor_id = $b
),
agreement_items AS (
  SELECT g.signed_date AS date, g.signed_date_end AS date_end, g.signed_date_precision AS precision,
         'agreement' AS kind, g.agreement_id AS record_id,
         g.title || ' (' || g.agreement_type || ', ' || g.status || ')' AS what
  FROM agreements g JOIN dyad_agreements USING (agreement_id)
  WHERE g.signed_date IS NOT NULL
),
agreement_steps AS (
  SELECT m.milestone_date, m.milestone_date_end, m.milestone_date_precision, 'agreement ' || m.milestone_type,
         m.record_id, coalesce(m.summary, g.title)
  FROM milestones m
  JOIN agreements g ON m.table_name = 'agreements' AND m.record_id = g.agreement_id
  JOIN dyad_agreements d ON d.agreement_id = g.agreement_id
  WHERE m.milestone_type <> 'signature'
),
contract_steps AS (
  SELECT m.milestone_date, m.milestone_date_end, m.milestone_date_precision, 'contract ' || m.milestone_type,
         m.record_id, coalesce(m.summary, c.summary, c.contract_id)
  FROM milestones m
  JOIN contracts c ON m.table_name = 'contracts' AND m.record_id = c.contract_id
  JOIN actor_country sb ON sb.actor_id = c.buyer_actor_id
  JOIN actor_country ss ON ss.actor_id = c.supplier_actor_id
  WHERE (sb.state_actor_id = $a AND ss.state_actor_id = $b) OR (sb.state_actor_id = $b AND ss.state_actor_id = $a)
),
statement_state AS (
  SELECT x.statement_id, ac.state_actor_id FROM statement_actors x JOIN actor_country ac USING (actor_id)
),
statement_items AS (
  SELECT st.statement_date, st.statement_date_end, st.statement_date_precision, 'statement ' || st.stance,
         st.statement_id, st.summary
  FROM statements st
  WHERE st.statement_id IN (SELECT statement_id FROM statement_state WHERE state_actor_id = $a)
    AND st.statement_id IN (SELECT statement_id FROM statement_state WHERE state_actor_id = $b)
),
items AS (
  SELECT * FROM agreement_items
  UNION ALL SELECT * FROM agreement_steps
  UNION ALL SELECT * FROM contract_steps
  UNION ALL SELECT * FROM statement_items
)
SELECT date, precision, kind, record_id, what, date_end AS period_end
FROM items
WHERE $a <> $b
ORDER BY period_end, date, kind, record_id;
