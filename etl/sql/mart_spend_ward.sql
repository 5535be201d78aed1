-- mart_spend_ward: spend by council x month x the supplier's ward x supplier class, where the ward is known.
-- grain: council_code, month, supplier_ward_code, supplier_class, synthetic
-- supplier_ward_code is the Code-Point Open (2025-10) ward of the supplier's postcode (etl/classify.py: the
-- council's own supplier register, else the register postcode of a matched charity or co-op). It is the ward
-- the supplier is in, which may lie outside the paying council; lines with no known ward are left out, so compare
-- these totals with mart_spend_monthly's to state coverage.
with lines as (
    select council_code, month, supplier_key, synthetic, amount
    from spend
    where ($scope is null or council_code = $scope)
),

located as (
    select l.*, s.supplier_ward_code, s.class as supplier_class
    from lines l
    join suppliers s on s.council_code = l.council_code and s.supplier_key = l.supplier_key
    where s.supplier_ward_code is not null
)

select
    council_code, month, supplier_ward_code, supplier_class, synthetic,
    count(*) as lines,
    sum(amount) as amount
from located
group by all
order by all
