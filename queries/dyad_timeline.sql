-- title: Timeline of a dyad
-- description: Every dated agreement, agreement and contract milestone and statement involving two states (or their bodies, firms and people), oldest first; an item dated only to a month, quarter or year is placed at the end of that period (when it had surely happened).
-- grain: one row per dated item
-- param a (text, default kor): first state (actor id, ISO3 lower case)
-- param b (text, default mys): second state (actor id, ISO3 lower case)
WITH state_of AS (
  -- every actor with the state it belongs to (itself for states; its parent's state otherwise)
  SELECT a.actor_id,
         coalesce(CASE WHEN a.actor_type = 'state' THEN a.actor_id END,
                  (SELECT s.actor_id FROM actors s WHERE s.actor_type = 'state' AND s.country_iso3 = a.country_iso3),
                  a.parent_actor_id) AS state_id
  FROM actors a
),
agreement_items AS (
  SELECT g.signed_date AS date, g.signed_date_precision AS precision, 'agreement' AS kind,
         g.agreement_id AS record_id, g.title || ' (' || g.agreement_type || ', ' || g.status || ')' AS what
  FROM agreements g
  WHERE g.signed_date IS NOT NULL
    AND EXISTS (SELECT 1 FROM agreement_parties p JOIN state_of s USING (actor_id) WHERE p.agreement_id = g.agreement_id AND s.state_id = $a)
    AND EXISTS (SELECT 1 FROM agreement_parties p JOIN state_of s USING (actor_id) WHERE p.agreement_id = g.agreement_id AND s.state_id = $b)
),
agreement_steps AS (
  SELECT m.milestone_date, m.milestone_date_precision, 'agreement ' || m.milestone_type, m.record_id,
         coalesce(m.summary, g.title)
  FROM milestones m JOIN agreements g ON m.table_name = 'agreements' AND m.record_id = g.agreement_id
  WHERE m.milestone_type <> 'signature'
    AND EXISTS (SELECT 1 FROM agreement_parties p JOIN state_of s USING (actor_id) WHERE p.agreement_id = g.agreement_id AND s.state_id = $a)
    AND EXISTS (SELECT 1 FROM agreement_parties p JOIN state_of s USING (actor_id) WHERE p.agreement_id = g.agreement_id AND s.state_id = $b)
),
contract_steps AS (
  SELECT m.milestone_date, m.milestone_date_precision, 'contract ' || m.milestone_type, m.record_id,
         coalesce(m.summary, c.summary, c.contract_id)
  FROM milestones m
  JOIN contracts c ON m.table_name = 'contracts' AND m.record_id = c.contract_id
  JOIN state_of sb ON sb.actor_id = c.buyer_actor_id
  JOIN state_of ss ON ss.actor_id = c.supplier_actor_id
  WHERE (sb.state_id = $a AND ss.state_id = $b) OR (sb.state_id = $b AND ss.state_id = $a)
),
statement_items AS (
  SELECT st.statement_date, st.statement_date_precision, 'statement ' || st.stance, st.statement_id, st.summary
  FROM statements st
  WHERE EXISTS (SELECT 1 FROM statement_actors x JOIN state_of s USING (actor_id) WHERE x.statement_id = st.statement_id AND s.state_id = $a)
    AND EXISTS (SELECT 1 FROM statement_actors x JOIN state_of s USING (actor_id) WHERE x.statement_id = st.statement_id AND s.state_id = $b)
)
, items AS (
  SELECT * FROM agreement_items
  UNION ALL SELECT * FROM agreement_steps
  UNION ALL SELECT * FROM contract_steps
  UNION ALL SELECT * FROM statement_items
)
SELECT date, precision, kind, record_id, what,
       CASE precision WHEN 'day' THEN date
                      WHEN 'month' THEN last_day(date)
                      WHEN 'quarter' THEN last_day(date + INTERVAL 2 MONTH)
                      WHEN 'half' THEN last_day(date + INTERVAL 5 MONTH)
                      ELSE make_date(year(date), 12, 31) END AS period_end
FROM items
ORDER BY period_end, date, kind, record_id;
