-- comparison_groups: the councils each council is compared with, by group.
-- grain: council_code, group_id, member_code
-- network: the 17 Keep it Local Network councils; type: councils of the same type (unitary, district, ...);
-- england: every lower-tier council (districts, unitaries, metropolitan and London boroughs; counties are made of
-- districts, so including them would count places twice).
with network as (
    select c.code as council_code, 'network' as group_id, m.code as member_code
    from councils c cross join councils m
    where m.keep_it_local_network
),
same_type as (
    select c.code as council_code, 'type' as group_id, m.code as member_code
    from councils c join councils m on m.type = c.type
),
england as (
    select c.code as council_code, 'england' as group_id, m.code as member_code
    from councils c cross join councils m
    where m.type <> 'county'
)
select * from network
union all select * from same_type
union all select * from england
