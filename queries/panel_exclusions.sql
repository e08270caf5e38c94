-- title: Records the panels leave out
-- description: Records that would count in dyad_years or directed_dyad_years but are counted nowhere (an item without a date, an actor without a state, a state outside the COW state system, an agreement ended at an unknown date), with the reason and the file to fix.
-- grain: one row per excluded record
-- param table_name (id records.table_name, default '', '' = all): only this table
SELECT e.table_name, e.record_id, e.reason, r.source_file
FROM panel_exclusions e JOIN records r USING (table_name, record_id)
WHERE $table_name = '' OR e.table_name = $table_name
ORDER BY e.table_name, e.record_id;
