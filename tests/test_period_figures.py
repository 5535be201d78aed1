"""Figures that name a financial year hold that year's lines and no others: the top suppliers (spend files only, no
card payments, no line dated outside kil.periods' window) and the "locality known" caption.

Stray lines are the case: the session warehouse (conftest.py) holds none dated outside the window, so this module
builds its own small warehouse, with the real ETL, from three slices of shipped files that do: Leeds' April 2019
file reaches back into January-March 2019, and Calderdale's December 2019 card file holds a line paid in 2009.
"""
from __future__ import annotations

import pytest

from kil import periods
from tests.conftest import make_small_data

LEEDS, CALDERDALE = "E08000035", "E08000033"
STRAY_SLICES = {
    ("leeds", "spend", "2019-04"): 2000,        # 855 of these lines are paid in January-March 2019
    ("calderdale", "spend", "2019-06"): 400,
    ("calderdale", "card", "2019-12"): 700,     # row 608 is paid in September 2009
}
EVERY_SUPPLIER = 10 ** 6   # a limit above any council's suppliers: the whole year, not its top 15


@pytest.fixture(scope="module")
def stray(tmp_path_factory):
    """(native connection, queries module) over the stray-lines warehouse, the app pointed at it."""
    from etl.build import build
    from kil import warehouse

    data = make_small_data(tmp_path_factory.mktemp("stray-data"), STRAY_SLICES)
    target = tmp_path_factory.mktemp("stray-wh") / "warehouse.duckdb"
    build(target, data)
    mp = pytest.MonkeyPatch()
    mp.setenv("KIL_WAREHOUSE", str(target))
    from dashboard import queries

    con = warehouse.connect(target, read_only=True)
    yield con, queries
    con.close()
    mp.undo()


def staged(con, council: str, year: str, kind: str = "spend") -> float:
    """The year's total of a council's staged lines of one kind (line level, not a mart)."""
    return con.execute("""
        select coalesce(sum(amount), 0)::double from spend
        where council_code = $c and kind = $k and financial_year(month) = $y
    """, {"c": council, "k": kind, "y": year}).fetchone()[0]


def test_the_stray_lines_are_there(stray):
    con, _ = stray
    years = dict(con.execute("""select council_code || ' ' || kind || ' ' || coalesce(financial_year, 'none'),
                                       sum(amount) from mart_supplier_totals group by 1""").fetchall())
    assert years.get(f"{LEEDS} spend 2018/19", 0) != 0           # before the window
    assert years.get(f"{CALDERDALE} card 2009/10", 0) != 0       # card, dated years back
    assert years.get(f"{CALDERDALE} card 2019/20", 0) != 0       # card, inside the window


@pytest.mark.parametrize("council", [LEEDS, CALDERDALE])
def test_top_suppliers_total_the_years_spend_lines_only(stray, council):
    con, queries = stray
    year = periods.BASELINE
    top = queries.top_suppliers.uncached(council, year, EVERY_SUPPLIER)
    assert top["amount"].sum() == pytest.approx(staged(con, council, year), abs=0.01)
    everything = con.execute("select sum(amount)::double from spend where council_code = $c",
                             {"c": council}).fetchone()[0]
    assert abs(everything - staged(con, council, year)) > 1      # what the old chart summed was more than this


def test_top_suppliers_leave_out_card_payments(stray):
    con, queries = stray
    top = queries.top_suppliers.uncached(CALDERDALE, periods.BASELINE, EVERY_SUPPLIER)
    card = staged(con, CALDERDALE, periods.BASELINE, "card")
    assert card != 0 and top["amount"].sum() == pytest.approx(staged(con, CALDERDALE, periods.BASELINE), abs=0.01)


@pytest.mark.parametrize("council, year", [(LEEDS, "2018/19"), (CALDERDALE, "2009/10")])
def test_no_year_outside_the_window_has_top_suppliers(stray, council, year):
    con, queries = stray
    assert year not in periods.window_years()
    assert queries.top_suppliers.uncached(council, year, EVERY_SUPPLIER).empty


def test_locality_known_is_the_years(stray):
    """The caption's share rests on the year's spend lines (card excluded), not on every line ever loaded."""
    con, queries = stray
    year = periods.BASELINE
    expected = con.execute("""
        select coalesce(sum(s.amount) filter (coalesce(p.locality, 'unknown') <> 'unknown'), 0) / sum(s.amount),
               coalesce(sum(s.amount) filter (coalesce(p.class, 'unknown') <> 'unknown'), 0) / sum(s.amount)
        from spend s left join suppliers p using (council_code, supplier_key)
        where s.council_code = $c and s.kind = 'spend' and financial_year(s.month) = $y
    """, {"c": LEEDS, "y": year}).fetchone()
    all_years = con.execute("""
        select sum(s.amount) filter (coalesce(p.class, 'unknown') <> 'unknown') / sum(s.amount)
        from spend s left join suppliers p using (council_code, supplier_key) where s.council_code = $c
    """, {"c": LEEDS}).fetchone()[0]
    got = queries.classified_share.uncached(LEEDS, year).fillna(0).iloc[0]
    assert (got["locality_known"], got["class_known"]) == pytest.approx(expected, abs=1e-9)
    assert abs(all_years - expected[1]) > 1e-6        # the year's base differs from every line's
