"""Marts against the staged rows they are built from: totals, keys, orphans, synthetic flags and group medians."""
from __future__ import annotations

import statistics

import pytest

from etl import steps
from kil import periods

BRISTOL = "E06000023"


def test_spend_marts_total_the_staged_spend(con):
    staged = dict(con.execute("select council_code, sum(amount) from spend group by 1").fetchall())
    monthly = dict(con.execute("select council_code, sum(amount) from mart_spend_monthly group by 1").fetchall())
    totals = dict(con.execute("select council_code, sum(amount) from mart_supplier_totals group by 1").fetchall())
    assert staged and staged == monthly == totals
    lines = con.execute("select (select count(*) from spend), (select sum(lines) from mart_spend_monthly)").fetchone()
    assert lines[0] == lines[1]


def test_every_sql_model_names_its_grain():
    marts = {path.stem for path in steps.SQL_DIR.glob("mart_*.sql")}
    assert marts <= set(steps.MODELS)                     # no mart file the build does not run
    for table in steps.MODELS:
        assert steps.grain(steps.model_sql(table)), f"etl/sql/{table}.sql has no '-- grain:' line"


@pytest.mark.parametrize("table", steps.MODELS)
def test_each_model_grain_is_a_unique_key_of_its_table(con, table):
    key = steps.grain(steps.model_sql(table))
    columns = [c for (c,) in con.execute("select column_name from information_schema.columns where table_name = $t",
                                         {"t": table}).fetchall()]
    assert key and set(key) <= set(columns), (key, columns)
    assert con.execute(f"select count(*) from {table}").fetchone()[0] > 0
    duplicates = con.execute(f"select count(*) from (select {', '.join(key)} from {table} group by all "
                             "having count(*) > 1)")      # identifiers: the table's own columns, checked above
    assert duplicates.fetchone()[0] == 0


@pytest.mark.parametrize("table, key", [
    ("mart_indicators", "council_code, indicator_id, period, basis"),
    ("suppliers", "council_code, supplier_key"),
])
def test_mart_keys_are_unique(con, table, key):
    duplicates = con.execute(f"select count(*) from (select {key} from {table} group by all having count(*) > 1)")
    assert duplicates.fetchone()[0] == 0


@pytest.mark.parametrize("table", ["mart_spend_monthly", "mart_supplier_totals", "mart_indicators", "coverage",
                                   "mart_largest_lines", "mart_rejects", "suppliers", "asset_transfers",
                                   "covid_cases", "social_care"])
def test_no_orphan_council(con, table):
    orphans = con.execute(f"select distinct council_code from {table} where council_code not in "
                          "(select code from councils)").fetchall()
    assert orphans == []


def test_largest_lines_are_the_largest_in_the_window_and_name_no_person(con):
    window = periods.window_params()
    # per council x class: the window's 500 largest spend lines are all there, in order
    expected = con.execute("""
        with ranked as (
            select s.council_code, coalesce(p.class, 'unknown') as supplier_class, s.source_file, s.source_row,
                   row_number() over (partition by s.council_code, coalesce(p.class, 'unknown')
                                      order by abs(s.amount) desc, s.source_file, s.source_row) as r
            from spend s left join suppliers p using (council_code, supplier_key)
            where s.kind = 'spend' and s.month between $start and $end
        )
        select council_code, supplier_class, source_file, source_row, r from ranked where r <= 500 order by all
    """, window).fetchall()
    got = con.execute("""
        select council_code, supplier_class, source_file, source_row, rank_in_class from mart_largest_lines
        where rank_in_class <= 500 order by all
    """).fetchall()
    assert got == expected and len(got) > 1000
    kept = con.execute("select count(*) from mart_largest_lines where rank_in_class > 500 and rank_in_service > 100")
    assert kept.fetchone()[0] == 0
    assert con.execute("select min(payment_date) >= $start from mart_largest_lines",
                       {"start": periods.WINDOW_START}).fetchone()[0]
    # a name is shown only with evidence of an organisation
    people = con.execute("""
        select count(*) from mart_largest_lines l
        join suppliers p on p.council_code = l.council_code and p.display_name = l.supplier
        where not p.is_organisation
    """).fetchone()[0]
    assert people == 0
    withheld = con.execute("select distinct supplier from mart_largest_lines where supplier_class = 'individual'")
    assert withheld.fetchall() == [("Individual (name withheld)",)]


def test_rejects_mart_counts_every_rejected_row_and_quotes_no_value(con):
    counted, rejected = con.execute("select (select sum(rows) from mart_rejects), (select count(*) from rejects)"
                                    ).fetchone()
    assert counted == rejected > 0
    # what lay between a reason's first and last quote is now '…' ("Poole's area" has one quote and stays)
    quoted = con.execute("""
        select count(*) from mart_rejects
        where length(reason) - length(replace(reason, '''', '')) >= 2 and not contains(reason, '''…''')
    """).fetchone()
    assert quoted[0] == 0
    columns = [c for (c,) in con.execute("select column_name from information_schema.columns "
                                         "where table_name = 'mart_rejects' order by ordinal_position").fetchall()]
    assert columns == ["dataset", "council_code", "reason", "rows"]


def test_synthetic_flag_reaches_every_mart_row_built_from_demo_data(con):
    for table in ("mart_spend_monthly", "mart_supplier_totals", "mart_spend_ward"):
        flags = dict(con.execute(f"select council_code = $b, bool_and(synthetic) and bool_or(synthetic) "
                                 f"from {table} group by 1", {"b": BRISTOL}).fetchall())
        assert flags[True] is True, table                       # every Bristol row is synthetic
    real = con.execute("select bool_or(synthetic) from mart_spend_monthly where council_code <> $b",
                       {"b": BRISTOL}).fetchone()[0]
    assert real is False
    spend_indicators = con.execute("""
        select bool_and(synthetic) from mart_indicators
        where council_code = $b and indicator_id in ('vcse_share', 'top10_share', 'hhi', 'grants_share')
    """, {"b": BRISTOL}).fetchone()[0]
    assert spend_indicators is True
    assets = con.execute("select bool_and(synthetic) from mart_indicators "
                         "where indicator_id = 'asset_transfers_completed'").fetchone()[0]
    assert assets is True


def test_group_medians_leave_synthetic_rows_out(warehouse_file, monkeypatch):
    monkeypatch.setenv("KIL_WAREHOUSE", str(warehouse_file))
    from dashboard import db, queries

    groups = queries.indicator_medians.uncached(BRISTOL, "network")
    rows = db.query("""
        select i.council_code, i.period, i.value, i.synthetic from mart_indicators i
        join councils c on c.code = i.council_code
        where c.keep_it_local_network and i.indicator_id = 'vcse_share' and i.value is not null
          and i.basis = 'comparable'
    """)
    both = set(rows.loc[rows["synthetic"], "period"]) & set(rows.loc[~rows["synthetic"], "period"])
    period = max(both)      # a year with Bristol's synthetic value and real values in it
    real = rows[(rows["period"] == period) & ~rows["synthetic"]]["value"]
    got = groups[(groups["indicator_id"] == "vcse_share") & (groups["period"] == period)]["median"]
    assert len(real) >= 1
    assert got.iloc[0] == pytest.approx(statistics.median(real))
    with_synthetic = statistics.median(rows[rows["period"] == period]["value"])
    assert with_synthetic != pytest.approx(statistics.median(real))   # the test would notice if it were included
