-- title: Korean export orders per year against the published totals
-- description: Per year, the sum of value_usd_nominal over the contracts that count as orders (contracts.counts_as_order) with a supplier in the exporter's country (actor_country), beside the exporter's preferred published export-order total for that year (published_totals, metric export_orders_usd), the difference, the records' share of the total, the orders whose value is unknown or has no rate, and the year's reconciliation note.
-- grain: one row per year with orders or a published total
-- param exporter (id actor_country.country_iso3, default KOR): the exporting country (ISO3, any case)
WITH orders AS (
  SELECT year(c.signed_date) AS year, c.contract_id, c.value_usd_nominal
  FROM contracts c JOIN actor_country s ON s.actor_id = c.supplier_actor_id
  WHERE c.counts_as_order AND s.country_iso3 = $exporter
),
by_year AS (
  SELECT year, count(*) AS orders, sum(value_usd_nominal) AS orders_value_usd,
         count(*) FILTER (WHERE value_usd_nominal IS NULL) AS orders_without_usd_value,
         string_agg(contract_id, ', ' ORDER BY contract_id) AS contract_ids
  FROM orders GROUP BY year
),
published AS (
  SELECT year_from AS year, CAST(value AS BIGINT) AS published_value_usd, source_id, note
  FROM published_totals
  WHERE metric = 'export_orders_usd' AND rank = 'preferred' AND exporter_iso3 = $exporter AND year_from = year_to
)
SELECT coalesce(o.year, p.year) AS year, o.orders, o.orders_value_usd, p.published_value_usd,
       o.orders_value_usd - p.published_value_usd AS difference_usd,
       round(o.orders_value_usd / p.published_value_usd, 3) AS share_of_published,
       o.orders_without_usd_value, p.source_id AS published_source_id, p.note AS published_note, o.contract_ids
FROM by_year o FULL JOIN published p ON p.year = o.year
ORDER BY year;
