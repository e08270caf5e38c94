-- title: Records by number of independent sources
-- description: How well each record is sourced: number of sources, independent sources (copies of one story count once) and verification, weakest first.
-- grain: one row per record
-- param max_independent (integer, default 99): only records with at most this many independent sources
SELECT table_name, record_id, n_sources, n_independent_sources, verification, source_file
FROM records
WHERE n_independent_sources <= $max_independent
ORDER BY n_independent_sources, table_name, record_id;
