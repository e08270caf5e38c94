-- title: Contested fields
-- description: Fields whose sources disagree, as flagged by the build (claims.field_contested, rule in the codebook), with the values in contest (claims.in_contest: claims that are rivals, not those that only agree with one, such as the same amount in another currency).
-- grain: one row per contested record field
-- column table_name: Table of the record.
-- column record_id: Id of the record.
-- column field: The contested column of the record's table.
-- column n_values: Number of distinct values in contest.
-- column values_claimed: The distinct values in contest, sorted (a list).
SELECT table_name, record_id, field, count(DISTINCT value) AS n_values,
       list(DISTINCT value ORDER BY value) AS values_claimed
FROM claims
WHERE field_contested AND in_contest
GROUP BY table_name, record_id, field
ORDER BY table_name, record_id, field
