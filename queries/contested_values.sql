-- title: Contested values
-- description: Fields whose sources disagree (the contested_fields view: two independent sources, incompatible values, the same moment): for each record and field, every claimed value with its source, rank, qualifier, moment and reason.
-- grain: one row per claim on a contested field
-- param table_name (id records.table_name, default '', '' = all): only this table
SELECT cl.table_name, cl.record_id, cl.field, cl.value, cl.rank, cl.qualifier, cl.as_at, cl.as_at_precision,
       cl.source_id, s.publisher, s.published_date, cl.rank_reason, cl.note
FROM claims cl
JOIN contested_fields c USING (table_name, record_id, field)
JOIN sources s ON s.source_id = cl.source_id
WHERE $table_name = '' OR cl.table_name = $table_name
ORDER BY cl.table_name, cl.record_id, cl.field,
         CASE cl.rank WHEN 'preferred' THEN 0 WHEN 'normal' THEN 1 ELSE 2 END, cl.value, cl.source_id;
