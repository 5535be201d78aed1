"""Marts against the staged rows they are built from: totals, keys, orphans, synthetic flags and group medians."""
from __future__ import annotations

import statistics

import pytest

BRISTOL = "E06000023"


def test_spend_marts_total_the_staged_spend(con):
    staged = dict(con.execute("select council_code, sum(amount) from spend group by 1").fetchall())
    monthly = dict(con.execute("select council_code, sum(amount) from mart_spend_monthly group by 1").fetchall())
    totals = dict(con.execute("select council_code, sum(amount) from mart_supplier_totals group by 1").fetchall())
    assert staged and staged == monthly == totals
    lines = con.execute("select (select count(*) from spend), (select sum(lines) from mart_spend_monthly)").fetchone()
    assert lines[0] == lines[1]


@pytest.mark.parametrize("table, key", [
    ("mart_supplier_totals", "council_code, financial_year, supplier_key, synthetic"),
    ("mart_indicators", "council_code, indicator_id, period"),
    ("suppliers", "council_code, supplier_key"),
    ("coverage", "council_code, month, dataset"),
])
def test_mart_keys_are_unique(con, table, key):
    duplicates = con.execute(f"select count(*) from (select {key} from {table} group by all having count(*) > 1)")
    assert duplicates.fetchone()[0] == 0


@pytest.mark.parametrize("table", ["mart_spend_monthly", "mart_supplier_totals", "mart_indicators", "coverage",
                                   "suppliers", "asset_transfers", "covid_cases", "social_care"])
def test_no_orphan_council(con, table):
    orphans = con.execute(f"select distinct council_code from {table} where council_code not in "
                          "(select code from councils)").fetchall()
    assert orphans == []


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

    groups = queries.indicator_groups.uncached(BRISTOL, "network")
    rows = db.query("""
        select i.council_code, i.period, i.value, i.synthetic from mart_indicators i
        join councils c on c.code = i.council_code
        where c.keep_it_local_network and i.indicator_id = 'vcse_share' and i.value is not null
    """)
    period = rows.loc[rows["synthetic"], "period"].max()      # a year with Bristol's synthetic value in it
    real = rows[(rows["period"] == period) & ~rows["synthetic"]]["value"]
    got = groups[(groups["indicator_id"] == "vcse_share") & (groups["period"] == period)]["group_median"]
    assert len(real) >= 1
    assert got.iloc[0] == pytest.approx(statistics.median(real))
    with_synthetic = statistics.median(rows[rows["period"] == period]["value"])
    assert with_synthetic != pytest.approx(statistics.median(real))   # the test would notice if it were included
