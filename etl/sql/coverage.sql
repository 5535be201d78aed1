-- coverage: council x month x dataset -> complete, partial, missing or synthetic, with lines and amount by
-- payment month.
-- grain: council_code, month, dataset
-- complete: a loaded file's period covers the month; synthetic: a demo file's does; partial: lines dated in the
-- month but no file for it (card lines dated back, Leeds lines dated before their file's month); missing: nothing.
-- Months: every month of the product's window, $start to $end (kil.periods).
with months as (
    select unnest(generate_series($start::date, $end::date, interval 1 month))::date as month
),
councils as (
    select code as council_code from councils where keep_it_local_network
    union
    select distinct council_code from loads where dataset = 'spend'
),
datasets as (
    select unnest(['spend', 'card']) as dataset
),
periods as (
    select distinct council_code, kind as dataset, period, synthetic
    from loads
    where dataset = 'spend' and in_warehouse(status)
),
expanded as (
    select council_code, dataset, synthetic,
        case when period like '%Q%'
             then make_date(cast(left(period, 4) as integer), 4, 1)
                  + to_months(3 * (cast(right(period, 1) as integer) - 1) + unnest(range(3)))
             else strptime(period, '%Y-%m')
        end::date as month
    from periods
),
covered as (
    select council_code, dataset, month, bool_or(synthetic) as synthetic from expanded group by all
),
lines as (
    select council_code, kind as dataset, month, count(*) as lines, sum(amount) as amount
    from spend
    where ($scope is null or council_code = $scope)
    group by all
)
select
    c.council_code, m.month, d.dataset,
    case when cv.synthetic then 'synthetic'
         when cv.month is not null then 'complete'
         when l.lines > 0 then 'partial'
         else 'missing'
    end as status,
    coalesce(l.lines, 0) as lines,
    l.amount
from councils c
cross join months m
cross join datasets d
left join covered cv on cv.council_code = c.council_code and cv.dataset = d.dataset and cv.month = m.month
left join lines l on l.council_code = c.council_code and l.dataset = d.dataset and l.month = m.month
order by all
