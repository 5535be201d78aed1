-- mart_flag_disagreements: where a council publishes its own VCSE flag, the suppliers whose flag and the product's
-- class disagree: flagged Y but not classed vcse, or paid in files that publish the flag, never flagged, and classed
-- vcse. Both reasons side by side: the council's flag and the product's class_rule and class_value.
-- grain: council_code, supplier_key
-- Councils: those with any supplier whose council_flag is not null (etl/classify.py: the flag column is published
--   in some of the council's files, judged from the data, not from a list of councils).
-- Lines: kind 'spend' whose payment month is inside the product's window, $start to $end (kil.periods).
-- People are never named here: display_name only when suppliers says it is an organisation (is_organisation);
--   supplier_key is replaced by 'not shown <n>' otherwise, as in mart_supplier_totals.
with flagging as (
    select distinct council_code from suppliers where council_flag is not null
),

disagree as (
    select s.*
    from suppliers s
    join flagging f using (council_code)
    where (s.council_flag = 'Y' and s.class <> 'vcse')
       or (s.council_flag = 'blank' and s.class = 'vcse')
),

paid as (
    select council_code, supplier_key, count(*) as lines, sum(amount) as amount, bool_or(synthetic) as synthetic
    from spend
    where kind = 'spend' and month between $start and $end and ($scope is null or council_code = $scope)
    group by all
)

select
    d.council_code,
    case when d.is_organisation then d.supplier_key
         else 'not shown ' || dense_rank() over (partition by d.council_code, d.is_organisation
                                                 order by d.supplier_key)::varchar
    end as supplier_key,
    case when d.is_organisation then d.display_name end as display_name,
    d.council_flag,
    case when d.council_flag = 'Y' then 'council''s VCSE flag = Y'
         else 'council''s VCSE flag blank (the council does not count it as VCSE)'
    end as council_reason,
    d.class as supplier_class,
    d.class_rule,
    d.class_value,
    p.lines,
    p.amount,
    p.synthetic
from disagree d
join paid p on p.council_code = d.council_code and p.supplier_key = d.supplier_key
order by d.council_code, abs(p.amount) desc, supplier_key
