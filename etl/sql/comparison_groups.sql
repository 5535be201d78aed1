-- comparison_groups: the councils each council is compared with, by group.
-- network: the 17 Keep it Local Network councils; type: councils of the same type (unitary, district, ...);
-- england: every lower-tier council (districts, unitaries, metropolitan and London boroughs; counties are made of
-- districts, so including them would count places twice).
create or replace table comparison_groups as
with network as (
    select c.code as council_code, 'network' as group_id, m.code as member_code
    from councils c cross join councils m
    where m.keep_it_local_network
),
same_type as (
    select c.code, 'type', m.code
    from councils c join councils m on m.type = c.type
),
england as (
    select c.code, 'england', m.code
    from councils c cross join councils m
    where m.type <> 'county'
)
select * from network
union all select * from same_type
union all select * from england
