-- mart_spend_monthly: spend by council x month x kind x service area x supplier class x locality x grant x basis.
-- grain: council_code, month, kind, service_area, supplier_class, locality, is_grant, comparable, synthetic
-- Sources: spend (etl/sql/schema.sql; supplier_key = etl.classify.normalise_name(supplier_name)),
--          suppliers (etl/classify.py), grant_categories (data/reference/grant_categories.csv, via etl/grants.py).
-- supplier_class / locality: 'unknown' when a line has no suppliers row.
-- is_grant: the spend-level grant expression. null when the council publishes no category column (it is not in
--   grant_categories: Leeds, Wakefield, Newcastle), else true when the line's expense_type is one of the council's
--   grant categories (Bradford 'Grants to Vol Orgs', 'Grants'; Calderdale 'Voluntary Associations', 'Grants Paid').
-- comparable: the line is in the comparable basis (kil/indicators.py BASES): abs(amount) >= $comparable_min
--   (COMPARABLE_MIN_AMOUNT, bound by etl/steps.py). Card payments (kind 'card') are outside every basis.
-- Amounts are net (credits negative), so lines and amount add up to the staged spend.
with lines as (
    select council_code, month, kind, service_area, expense_type, supplier_key, synthetic, amount,
           abs(amount) >= $comparable_min as comparable
    from spend
    where ($scope is null or council_code = $scope)
),

grant_councils as (
    select distinct council_code from grant_categories
),

graded as (
    select
        l.*,
        case
            when gc.council_code is null then null
            else exists (select 1 from grant_categories g
                         where g.council_code = l.council_code and g.expense_type = l.expense_type)
        end as is_grant
    from lines l
    left join grant_councils gc on gc.council_code = l.council_code
),

classified as (
    select
        g.*,
        coalesce(s.class, 'unknown') as supplier_class,
        coalesce(s.locality, 'unknown') as locality
    from graded g
    left join suppliers s on s.council_code = g.council_code and s.supplier_key = g.supplier_key
)

select
    council_code, month, kind, service_area, supplier_class, locality, is_grant, comparable, synthetic,
    count(*) as lines,
    sum(amount) as amount
from classified
group by all
order by all
