-- title: Integrations by platform and customer
-- description: Which components (radars, missiles, pods) are fitted, offered or refused on which platform for which customer, with status, date, number of milestones and how well sourced.
-- grain: one row per integration
-- param platform (id weapon_systems.system_id, default fa-50, '' = all): a platform and its variants at any depth
WITH RECURSIVE family(system_id) AS (
  SELECT system_id FROM weapon_systems WHERE system_id = $platform
  UNION
  SELECT w.system_id FROM weapon_systems w JOIN family f ON w.variant_of_system_id = f.system_id
)
SELECT i.platform_system_id, i.component_system_id, c.category AS component_category, i.customer_actor_id,
       i.status, i.status_date, i.status_date_precision, i.decided_by_actor_id,
       (SELECT count(*) FROM milestones m WHERE m.table_name = 'integrations' AND m.record_id = i.integration_id) AS milestones,
       r.verification, r.n_independent_sources, i.integration_id
FROM integrations i
JOIN weapon_systems c ON c.system_id = i.component_system_id
JOIN records r ON r.table_name = 'integrations' AND r.record_id = i.integration_id
WHERE $platform = '' OR i.platform_system_id IN (SELECT system_id FROM family)
ORDER BY i.platform_system_id, i.customer_actor_id, i.component_system_id;
