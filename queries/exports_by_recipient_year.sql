-- title: Arms orders and deliveries of a supplier by recipient and year
-- description: The directed dyad-year panel for one supplier state: per recipient and year, orders signed, units ordered and delivered, the known value of the orders in US dollars and the number of orders of unknown value. Only what the coverage declarations cover is counted (orders outside them are listed by panel_exclusions; arms_flows and export_orders_vs_published count every order); rows without any order or delivery are left out.
-- grain: one row per recipient state and year with an order or a delivery
-- param supplier (id directed_dyad_years.iso3_1, default KOR): supplier state (ISO3, any case)
SELECT iso3_2 AS recipient_iso3, ccode2 AS recipient_ccode, year, contracts_signed, units_ordered, units_delivered,
       value_usd_ordered, contracts_value_unknown, covered_contracts
FROM directed_dyad_years
WHERE iso3_1 = $supplier AND (contracts_signed > 0 OR units_delivered > 0)
ORDER BY recipient_iso3, year;
