-- title: Contract detail with milestones and deliveries
-- description: One contract's parties, system, value and status, then its dated milestones and delivery lots (planned and actual), in date order; a contract without either still gives one row. A lot's source is the source of its preferred date claim, else of its preferred quantity claim, else the sources the lot cites.
-- grain: one row per contract milestone or delivery lot (one row for a contract with neither)
-- param contract_id (id contracts.contract_id, default mys-kai-fa-50m-2023): the contract
WITH c AS (
  SELECT c.*, b.name AS buyer, s.name AS supplier, w.name AS system
  FROM contracts c
  JOIN actors b ON b.actor_id = c.buyer_actor_id
  JOIN actors s ON s.actor_id = c.supplier_actor_id
  LEFT JOIN weapon_systems w ON w.system_id = c.system_id
  WHERE c.contract_id = $contract_id
),
steps AS (
  SELECT m.milestone_date AS date, m.milestone_date_precision AS precision, 'milestone' AS item,
         m.milestone_type AS kind, NULL::BIGINT AS quantity, m.summary, m.source_id AS source_ids
  FROM milestones m WHERE m.table_name = 'contracts' AND m.record_id = $contract_id
),
lot_source AS (
  SELECT record_id, coalesce(
           max(source_id) FILTER (WHERE field = 'delivery_date'),
           max(source_id) FILTER (WHERE field = 'quantity')) AS source_id
  FROM claims WHERE table_name = 'deliveries' AND rank = 'preferred'
  GROUP BY record_id
),
lots AS (
  SELECT d.delivery_date, d.delivery_date_precision, 'delivery lot ' || d.lot_no, d.delivery_kind, d.quantity,
         d.notes, coalesce(ls.source_id, (SELECT string_agg(rs.source_id, ', ' ORDER BY rs.source_id)
                                         FROM record_sources rs
                                         WHERE rs.table_name = 'deliveries' AND rs.record_id = d.delivery_id))
  FROM deliveries d LEFT JOIN lot_source ls ON ls.record_id = d.delivery_id
  WHERE d.contract_id = $contract_id
),
x AS (SELECT * FROM steps UNION ALL SELECT * FROM lots)
SELECT c.contract_id, c.buyer, c.supplier, c.system, c.quantity AS contract_quantity, c.value_amount,
       c.value_currency, c.signed_date, c.status, c.units_delivered_reported, c.units_delivered_unknown, x.*
FROM c LEFT JOIN x ON true
ORDER BY x.date NULLS LAST, x.item;
