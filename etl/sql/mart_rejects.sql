-- mart_rejects: rejected source rows counted by dataset, council and reason, for the pages' data-quality tables.
-- grain: dataset, council_code, reason
-- No raw lines (they may hold names), and no value quoted in a reason: "amount '12x' is not a number" is counted
-- as "amount '…' is not a number". council_code is null for national datasets.
with rejected as (
    select l.dataset, l.council_code, regexp_replace(r.reason, '''.*''', '''…''') as reason
    from rejects r
    join loads l using (load_id)
)

select dataset, council_code, reason, count(*) as rows
from rejected
group by all
order by rows desc, dataset, council_code, reason
