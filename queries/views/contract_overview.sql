-- title: Contract overview
-- description: Every contract with its buyer, supplier and system named, their states (from actor_country), value, dates, whether it counts as an order, and how well it is sourced.
-- grain: one row per contract
-- column contract_id: The contract (contracts.contract_id).
-- column contract_type: Kind of contract (framework, contract, amendment, option, donation, licence, technology_transfer, local_production).
-- column status: Status of the contract as of the sources' check date.
-- column buyer: Name of the buyer.
-- column buyer_iso3: Country of the buyer (actor_country: its own or its nearest ancestor's).
-- column supplier: Name of the supplier.
-- column supplier_iso3: Country of the supplier (actor_country).
-- column system: Name of the system bought.
-- column category: SIPRI armament category of the system.
-- column quantity: Number of units.
-- column value_amount: Value in whole units of value_currency, as the preferred source states it.
-- column value_currency: Currency of value_amount (ISO 4217).
-- column value_usd: Value in whole US dollars as a source states it.
-- column signed_date: Date of signature (first day of its period).
-- column signed_date_precision: Precision of signed_date.
-- column verification: corroborated, single_source or contested (records.verification).
-- column n_independent_sources: Independent sources of the record (records.n_independent_sources).
-- column signed_date_end: Last day of the period of signed_date.
-- column counts_as_order: Whether the contract is an order (contracts.counts_as_order).
-- column value_usd_nominal: Value in whole US dollars of the day (contracts.value_usd_nominal).
-- column units_delivered_reported: Units in the contract's actual delivery lots (contracts.units_delivered_reported).
-- column units_delivered_unknown: Units of a delivering or delivered contract that no recorded lot shows (contracts.units_delivered_unknown).
SELECT c.contract_id, c.contract_type, c.status, b.name AS buyer, bc.country_iso3 AS buyer_iso3,
       s.name AS supplier, sc.country_iso3 AS supplier_iso3, w.name AS system, w.category,
       c.quantity, c.value_amount, c.value_currency, c.value_usd, c.signed_date, c.signed_date_precision,
       r.verification, r.n_independent_sources, c.signed_date_end, c.counts_as_order, c.value_usd_nominal,
       c.units_delivered_reported, c.units_delivered_unknown
FROM contracts c
JOIN actors b ON b.actor_id = c.buyer_actor_id
JOIN actor_country bc ON bc.actor_id = c.buyer_actor_id
JOIN actors s ON s.actor_id = c.supplier_actor_id
JOIN actor_country sc ON sc.actor_id = c.supplier_actor_id
LEFT JOIN weapon_systems w ON w.system_id = c.system_id
JOIN records r ON r.table_name = 'contracts' AND r.record_id = c.contract_id
