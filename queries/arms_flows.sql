-- title: Arms flows by supplier and recipient country
-- description: Orders for a number of units (aircraft, ships, missiles, howitzers) summed by supplier and recipient country and SIPRI category, with their value in US dollars of the day (value_usd_nominal: the source's USD figure, else converted at the ECB rate) where known. Orders are contracts with counts_as_order (a framework counts only when none of its children is signed; amendments and unsigned deals never count); contracts without a quantity (services, upgrades, cost shares) are left out. The recipient is the end user's country, else the buyer's; countries come from actor_country (an IGO or an actor without a country shows its actor id in upper case); a contract within one country (e.g. a local subsidiary selling to its own government) is no flow and is left out.
-- grain: one row per supplier country (or organisation), recipient country and weapon category
-- param since_year (integer, default 1990): count orders signed in or after this year
WITH c AS (
  SELECT c.*, coalesce(s.country_iso3, upper(c.supplier_actor_id)) AS supplier_iso3,
         coalesce(r.country_iso3, upper(coalesce(c.end_user_actor_id, c.buyer_actor_id))) AS recipient_iso3
  FROM contracts c
  JOIN actor_country s ON s.actor_id = c.supplier_actor_id
  JOIN actor_country r ON r.actor_id = coalesce(c.end_user_actor_id, c.buyer_actor_id)
  WHERE c.counts_as_order AND c.quantity IS NOT NULL AND year(c.signed_date) >= $since_year
    AND s.country_iso3 IS DISTINCT FROM r.country_iso3
)
SELECT c.supplier_iso3, c.recipient_iso3, coalesce(w.category, 'unknown') AS category,
       count(*) AS contracts, sum(c.quantity) AS units, sum(c.value_usd_nominal) AS value_usd_known,
       count(c.value_usd_nominal) AS contracts_with_usd_value, min(c.signed_date) AS first_signed,
       max(c.signed_date) AS last_signed, string_agg(c.contract_id, ', ' ORDER BY c.contract_id) AS contract_ids
FROM c LEFT JOIN weapon_systems w ON w.system_id = c.system_id
GROUP BY ALL
ORDER BY supplier_iso3, recipient_iso3, category;
