-- title: Contested values
-- description: Fields whose sources disagree: for each record and field, every claimed value with its source, rank and reason (amounts compared within one currency).
-- grain: one row per claim on a contested field
-- param table_name (text, default ''): only this table; '' for all
WITH contested AS (
  SELECT table_name, record_id, field FROM contested_fields
)
SELECT cl.table_name, cl.record_id, cl.field, cl.value, cl.rank, cl.source_id, s.publisher,
       s.published_date, cl.rank_reason, cl.note
FROM claims cl
JOIN (SELECT DISTINCT * FROM contested) c USING (table_name, record_id, field)
JOIN sources s ON s.source_id = cl.source_id
WHERE $table_name = '' OR cl.table_name = $table_name
ORDER BY cl.table_name, cl.record_id, cl.field,
         CASE cl.rank WHEN 'preferred' THEN 0 WHEN 'normal' THEN 1 ELSE 2 END, cl.value, cl.source_id;
