-- title: Contested fields
-- description: Fields whose sources disagree, as flagged by the build (claims.field_contested, rule in the codebook), with every non-deprecated value claimed.
-- grain: one row per contested record field
-- column table_name: Table of the record.
-- column record_id: Id of the record.
-- column field: The contested column of the record's table.
-- column n_values: Number of distinct non-deprecated values claimed.
-- column values_claimed: The distinct non-deprecated values claimed, sorted (a list).
SELECT table_name, record_id, field, count(DISTINCT value) AS n_values,
       list(DISTINCT value ORDER BY value) AS values_claimed
FROM claims
WHERE field_contested AND rank <> 'deprecated'
GROUP BY table_name, record_id, field
ORDER BY table_name, record_id, field
