-- title: Statements targeting an actor
-- description: Who said what about an actor: every statement with the actor as target or addressee, with speakers, stance, topic and the document it was issued in.
-- grain: one row per statement
-- param target (text, default prk): the actor targeted or addressed (actors.actor_id)
SELECT st.statement_date, st.statement_date_precision, st.stance, st.topic,
       (SELECT string_agg(x.actor_id, ', ' ORDER BY x.actor_id) FROM statement_actors x
        WHERE x.statement_id = st.statement_id AND x.role = 'speaker') AS speakers,
       t.role AS target_role, st.summary, g.title AS issued_in, st.statement_id
FROM statements st
JOIN statement_actors t ON t.statement_id = st.statement_id AND t.actor_id = $target AND t.role IN ('target', 'addressee')
LEFT JOIN agreements g ON g.agreement_id = st.issued_in_agreement_id
ORDER BY st.statement_date, st.statement_id;
