-- mart_largest_lines: the pages' drill-through, the largest spend lines of each council x supplier class (and of
-- each service area in it), each with its source file and row.
-- grain: council_code, source_file, source_row
-- Lines: kind 'spend' whose payment month is inside the product's window, $start to $end (kil.periods).
-- supplier_class: the suppliers row's class, 'unknown' when a line has none (as in mart_spend_monthly).
-- supplier: a person's name never reaches this mart. The supplier's display_name only when suppliers says it is
--   an organisation (is_organisation); 'Individual (name withheld)' for class individual; 'Supplier not identifiable
--   (redacted, blank or a payment run)' for class unattributed; otherwise 'Supplier not named (no evidence of an
--   organisation)'.
-- rank_in_class: 1 = the largest abs(amount) in the council x class (ties by source_file, source_row);
-- rank_in_service: the same within council x class x service_area. A line is kept when rank_in_class <= 500 or
--   rank_in_service <= 100, so a page can show the top 500 of a class or the top 100 of a class in one service.
--   Ranks up to 500 (100) are exact; a kept line's rank beyond them counts only the candidate lines above it.
with lines as (
    select council_code, supplier_key, service_area, payment_date, month, amount, expense_type, source_file,
           source_row, synthetic
    from spend
    where kind = 'spend' and month between $start and $end and ($scope is null or council_code = $scope)
),

named as (
    select
        l.*,
        coalesce(s.class, 'unknown') as supplier_class,
        case when s.is_organisation then s.display_name
             when s.class = 'individual' then 'Individual (name withheld)'
             when s.class = 'unattributed' then 'Supplier not identifiable (redacted, blank or a payment run)'
             else 'Supplier not named (no evidence of an organisation)'
        end as supplier
    from lines l
    left join suppliers s on s.council_code = l.council_code and s.supplier_key = l.supplier_key
),

-- The only lines that can rank in the first 500 of their class or the first 100 of their service: at least as
-- large as the 500th (100th) largest of it, ties included. Ranking these alone gives every kept line its rank,
-- without sorting every line of the council (max(x, n) keeps the n largest in one pass).
floors as (
    select council_code, supplier_class, service_area,
           list_min(max(abs(amount), 100)) as service_floor
    from named group by all
),

class_floors as (
    select council_code, supplier_class, list_min(max(abs(amount), 500)) as class_floor
    from named group by all
),

candidates as (
    select n.*
    from named n
    join class_floors c using (council_code, supplier_class)
    join floors f on f.council_code = n.council_code and f.supplier_class = n.supplier_class
                 and f.service_area is not distinct from n.service_area
    where abs(n.amount) >= c.class_floor or abs(n.amount) >= f.service_floor
),

ranked as (
    select
        *,
        row_number() over (partition by council_code, supplier_class
                           order by abs(amount) desc, source_file, source_row) as rank_in_class,
        row_number() over (partition by council_code, supplier_class, service_area
                           order by abs(amount) desc, source_file, source_row) as rank_in_service
    from candidates
)

select
    council_code, supplier_class, service_area, payment_date, financial_year(month) as financial_year, amount,
    supplier, expense_type, source_file, source_row, synthetic, rank_in_class, rank_in_service
from ranked
where rank_in_class <= 500 or rank_in_service <= 100
order by council_code, supplier_class, rank_in_class
