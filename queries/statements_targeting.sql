-- title: Statements targeting an actor
-- description: Who said what about an actor: every statement with the actor as target or addressee (or both), with speakers, stance, topic and the document it was issued in.
-- grain: one row per statement
-- param target (id actors.actor_id, default prk): the actor targeted or addressed (actors.actor_id, any case)
WITH hit AS (
  SELECT statement_id, string_agg(role, ', ' ORDER BY role) AS target_role
  FROM statement_actors
  WHERE actor_id = $target AND role IN ('target', 'addressee')
  GROUP BY statement_id
)
SELECT st.statement_date, st.statement_date_precision, st.stance, st.topic,
       (SELECT string_agg(x.actor_id, ', ' ORDER BY x.actor_id) FROM statement_actors x
        WHERE x.statement_id = st.statement_id AND x.role = 'speaker') AS speakers,
       hit.target_role, st.summary, g.title AS issued_in, st.statement_id
FROM statements st
JOIN hit USING (statement_id)
LEFT JOIN agreements g ON g.agreement_id = st.issued_in_agreement_id
ORDER BY st.statement_date, st.statement_id;
