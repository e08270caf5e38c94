-- title: Arms flows by supplier and recipient country
-- description: Contracts (not planned or offered) summed by supplier and recipient country and SIPRI category, with units and the USD value where sources give one; amounts in other currencies are not converted.
-- grain: one row per supplier country, recipient country and weapon category
-- param since_year (integer, default 1990): count contracts signed in or after this year
WITH c AS (
  SELECT c.*, coalesce(s.country_iso3, sp.country_iso3) AS supplier_iso3,
         coalesce(b.country_iso3, bp.country_iso3) AS recipient_iso3
  FROM contracts c
  JOIN actors s ON s.actor_id = c.supplier_actor_id LEFT JOIN actors sp ON sp.actor_id = s.parent_actor_id
  JOIN actors b ON b.actor_id = c.buyer_actor_id LEFT JOIN actors bp ON bp.actor_id = b.parent_actor_id
  WHERE c.status NOT IN ('planned', 'offered', 'negotiating', 'cancelled')
    AND c.contract_type <> 'amendment'
    AND year(c.signed_date) >= $since_year
)
SELECT c.supplier_iso3, c.recipient_iso3, coalesce(w.category, 'unknown') AS category,
       count(*) AS contracts, sum(c.quantity) AS units, sum(c.value_usd) AS value_usd_known,
       count(c.value_usd) AS contracts_with_usd_value, min(c.signed_date) AS first_signed, max(c.signed_date) AS last_signed
FROM c LEFT JOIN weapon_systems w ON w.system_id = c.system_id
GROUP BY ALL
ORDER BY supplier_iso3, recipient_iso3, category;
