-- title: Arms flows by supplier and recipient country
-- description: Contracts for a number of units (aircraft, ships, missiles, howitzers) summed by supplier and recipient country and SIPRI category, with the USD value where sources give one. A framework is not counted when its executive contracts are (no double counting); services, upgrades and development cost shares (no quantity) and planned, offered or cancelled deals are left out; amounts in other currencies are not converted.
-- grain: one row per supplier country (or organisation), recipient country and weapon category
-- param since_year (integer, default 1990): count contracts signed in or after this year
WITH c AS (
  SELECT c.*, coalesce(s.country_iso3, sp.country_iso3, upper(s.actor_id)) AS supplier_iso3,
         coalesce(b.country_iso3, bp.country_iso3, upper(b.actor_id)) AS recipient_iso3
  FROM contracts c
  JOIN actors s ON s.actor_id = c.supplier_actor_id LEFT JOIN actors sp ON sp.actor_id = s.parent_actor_id
  JOIN actors b ON b.actor_id = c.buyer_actor_id LEFT JOIN actors bp ON bp.actor_id = b.parent_actor_id
  WHERE c.status NOT IN ('planned', 'offered', 'negotiating', 'cancelled')
    AND c.contract_type <> 'amendment'
    AND c.quantity IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM contracts x WHERE x.parent_contract_id = c.contract_id
                    AND x.contract_type = 'contract' AND x.quantity IS NOT NULL)
    AND year(c.signed_date) >= $since_year
)
SELECT c.supplier_iso3, c.recipient_iso3, coalesce(w.category, 'unknown') AS category,
       count(*) AS contracts, sum(c.quantity) AS units, sum(c.value_usd) AS value_usd_known,
       count(c.value_usd) AS contracts_with_usd_value, min(c.signed_date) AS first_signed,
       max(c.signed_date) AS last_signed, string_agg(c.contract_id, ', ' ORDER BY c.contract_id) AS contract_ids
FROM c LEFT JOIN weapon_systems w ON w.system_id = c.system_id
GROUP BY ALL
ORDER BY supplier_iso3, recipient_iso3, category;
