-- SQL macros shared by the build (into the warehouse) and every read connection (kil/warehouse.py).
-- Financial years run April to March: financial_year(date '2020-05-01') = '2020/21'. One definition, used by the
-- marts and the read side alike.
create or replace macro financial_year(d) as
    (year(d) - (month(d) < 4)::int)::varchar || '/' || right((year(d) - (month(d) < 4)::int + 1)::varchar, 2);
create or replace macro financial_quarter(d) as
    financial_year(d) || ' Q' || ((month(d) + 8) % 12 // 3 + 1)::varchar;
-- Whether a ledger row's file is in the warehouse now: loaded (or found unchanged), not rejected, not withdrawn by
-- `etl unload`, not synthetic spend retired by the council's first real file. One definition for build and pages.
create or replace macro in_warehouse(status) as status in ('loaded', 'unchanged');
