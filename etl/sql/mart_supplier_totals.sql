-- mart_supplier_totals: each supplier's spend per council, financial year, kind and basis, with its class and the
-- evidence.
-- grain: council_code, financial_year, supplier_key, kind, comparable, synthetic
-- financial_year: April to March, written '2019/20', from the line's payment month (null when it has none).
-- kind: 'spend' or 'card' (card payments are outside external spend and every basis: kil/indicators.py).
-- comparable: abs(amount) >= $comparable_min (kil/indicators.py COMPARABLE_MIN_AMOUNT), as in mart_spend_monthly;
--   a supplier's total on the comparable basis is the sum of its rows with comparable true.
-- People are never named here: display_name is null unless the supplier is an organisation (suppliers.
--   is_organisation), and supplier_key, itself a normalised name, is replaced by 'not shown <n>' so that
--   concentration can still count them one by one. n numbers the council's non-organisation suppliers in the order
--   of the financial year they were first paid in, then of key: a new month's new suppliers take the next numbers
--   and every earlier one keeps its own, so a load rewrites only the rows it changes (etl/steps.py).
-- Evidence columns come from etl/classify.py and never quote a person's name.
with lines as (
    select
        council_code, supplier_key, kind, synthetic, amount,
        abs(amount) >= $comparable_min as comparable,
        financial_year(month) as financial_year
    from spend
    where ($scope is null or council_code = $scope)
),

by_year as (
    select
        council_code, supplier_key, kind, comparable, synthetic,
        financial_year,
        count(*) as lines,
        sum(amount) as amount
    from lines
    group by all
),

first_paid as (
    select council_code, supplier_key, min(financial_year) as first_year
    from by_year
    group by all
),

masked as (
    select
        s.*,
        case when s.is_organisation then s.supplier_key
             else 'not shown ' || dense_rank() over (partition by s.council_code, s.is_organisation
                                                     order by f.first_year nulls last, s.supplier_key)::varchar
        end as shown_key
    from suppliers s
    left join first_paid f using (council_code, supplier_key)
    where ($scope is null or s.council_code = $scope)
)

select
    y.council_code,
    y.financial_year,
    coalesce(m.shown_key, 'not shown (no supplier row)') as supplier_key,
    case when m.is_organisation then m.display_name end as display_name,
    coalesce(m.class, 'unknown') as supplier_class,
    coalesce(m.locality, 'unknown') as locality,
    m.class_rule, m.class_source, m.class_value,
    m.locality_rule, m.locality_source, m.locality_value,
    m.supplier_council_code, m.supplier_ward_code,
    coalesce(m.is_organisation, false) as is_organisation,
    coalesce(m.corrected, false) as corrected,
    y.kind,
    y.comparable,
    y.lines,
    y.amount,
    y.synthetic
from by_year y
left join masked m on m.council_code = y.council_code and m.supplier_key = y.supplier_key
order by y.council_code, y.financial_year, y.amount desc
