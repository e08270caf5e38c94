-- title: What was publicly known on a date
-- description: For every record and field with claims, the value as publicly known on a date: among the claims whose source's publication period ended on or before that date, the best-ranked (preferred, then normal, then deprecated: a value later shown wrong was still what was known then, and rank_now says it is deprecated today), ties to the newest source, then source_id. Sources without a publication date never qualify; records whose earliest dated source is later do not appear.
-- grain: one row per record and field with a claim known on the date (fields without claims do not appear: read the record for them)
-- param date (date, default 2023-03-01): the day (YYYY-MM-DD)
-- param record_id (id records.record_id, default '', '' = all): only this record
WITH known AS (
  SELECT c.table_name, c.record_id, c.field, c.value, c.source_id, c.rank AS rank_now,
         s.published_date AS source_published_date, s.published_date_precision AS source_published_precision,
         row_number() OVER (PARTITION BY c.table_name, c.record_id, c.field
                            ORDER BY CASE c.rank WHEN 'preferred' THEN 0 WHEN 'normal' THEN 1 ELSE 2 END,
                                     s.published_date_end DESC, s.published_date DESC, c.source_id) AS pick
  FROM claims c JOIN sources s ON s.source_id = c.source_id
  WHERE s.published_date_end IS NOT NULL AND s.published_date_end <= $date
    AND ($record_id = '' OR c.record_id = $record_id)
)
SELECT table_name, record_id, field, value, source_id, source_published_date, source_published_precision, rank_now
FROM known
WHERE pick = 1
ORDER BY table_name, record_id, field;
