"""mart_indicators: every indicator by council and financial year, computed once with kil.indicators.

Spend indicators come from the spend marts, for the financial years `covered_years` gives: a year inside
kil.periods' window of which a published (or demo) spend file of that council covers at least one month (no
literal list of years; the note says how many of the year's months a file covers). Stray lines, dated outside
every month their council's files cover (a Rotherham file named by its publication month reaching back into March
2023, card lines dated years back), load and count in the ledger and coverage but never make a year of their own;
ASC5 from Oflog's social care table (a district takes its county's); asset transfers from the synthetic registers.
Each row carries `synthetic` when anything under it is synthetic, so group medians can leave it out.

Spend indicators have one row per basis (`basis`, kil.indicators.BASES: 'all' and 'comparable'), each from the
council's spend lines (kind 'spend', never card) of that basis; ASC5 and asset transfers have basis null. The key
is (council_code, indicator_id, period, basis): DuckDB keeps no null in a primary key, so the key is held by the
build (one row per basis, one null) and tested (tests/test_marts.py), not declared.
"""
from __future__ import annotations

import pandas as pd

from etl.reference_loads import insert_frame
from kil import indicators, periods

COLUMNS = ["council_code", "indicator_id", "period", "basis", "value", "numerator", "denominator", "coverage",
           "synthetic", "note", "figure_of"]
KEY = ("council_code", "indicator_id", "period", "basis")
DDL = """
create or replace table mart_indicators (
    council_code varchar not null, indicator_id varchar not null, period varchar not null, basis varchar,
    value double, numerator double, denominator double, coverage double, synthetic boolean not null, note varchar,
    figure_of varchar not null   -- whose figure it is: the council's own, or a district's county's (ASC5): a group
                                 -- median counts each figure once (dashboard/queries.py indicator_medians)
)
"""
FY = "financial_year(month)"   # the macro in etl/sql/macros.sql


MIN_COVERED_MONTHS = 1   # a council's year gets spend indicators only with at least this many months on file


def covered_years(con, scope: str | None = None) -> dict[tuple[str, str], str]:
    """(council, financial year) -> the note on its spend indicators, for every year that gets them: a year of
    the window (coverage holds only the window's months) with at least MIN_COVERED_MONTHS months that a spend file
    of the council covers (kil.periods.COVERED_STATUSES, etl/sql/coverage.sql). A year whose lines are
    all stray (partial months only) is left out; the rule lives here and nowhere else."""
    df = con.execute(f"""
        select council_code, {FY} as period, count(*) filter (list_contains($covered, status)) as covered
        from coverage where dataset = 'spend' and ($scope is null or council_code = $scope) group by all
    """, {"scope": scope, "covered": list(periods.COVERED_STATUSES)}).df()
    return {(r.council_code, r.period): (f"Spend data for {r.covered} of 12 months." if r.covered < 12 else "")
            for r in df.itertuples() if r.covered >= MIN_COVERED_MONTHS}


# basis -> the rows of the spend marts it keeps (fixed expressions; kind 'spend' in both: card is in no basis)
BASIS_SQL = {"all": "kind = 'spend'", "comparable": "kind = 'spend' and comparable"}


def _spend_rows(con, scope: str | None = None) -> list[dict]:
    notes = covered_years(con, scope)
    only = {"scope": scope}
    rows = []
    for basis in indicators.BASES:
        where = BASIS_SQL[basis]
        monthly = con.execute(f"""
            select council_code, {FY} as period, supplier_class, locality, is_grant,
                   bool_or(synthetic) as synthetic, sum(amount)::double as amount
            from mart_spend_monthly where {where} and ($scope is null or council_code = $scope) group by all
        """, only).df()
        totals = con.execute(f"""
            select council_code, financial_year as period, supplier_key, supplier_class,
                   bool_or(synthetic) as synthetic, sum(amount)::double as amount
            from mart_supplier_totals where {where} and ($scope is null or council_code = $scope) group by all
        """, only).df()
        for frame, ids in ((monthly, indicators.SPEND_MONTHLY_INDICATORS),
                           (totals, indicators.SUPPLIER_INDICATORS)):
            for (council, period), group in frame.groupby(["council_code", "period"]):
                if (council, period) not in notes:      # outside the window, or stray lines only: covered_years
                    continue
                for indicator_id in ids:
                    v = indicators.compute(indicator_id, group)
                    note = ". ".join(x.rstrip(".") for x in (v.note, notes[(council, period)]) if x)
                    note = note + "." if note else ""
                    rows.append({"council_code": council, "indicator_id": indicator_id, "period": period,
                                 "basis": basis, "value": v.value, "numerator": v.numerator,
                                 "denominator": v.denominator, "coverage": v.coverage,
                                 "synthetic": bool(group["synthetic"].any()), "note": note,
                                 "figure_of": council})
    return rows


def build(con, scope: str | None = None) -> None:
    """The whole mart; with a scope (a council, after its load), only that council's spend indicators are made
    again (its ASC5 and asset transfers rest on no spend). Group medians are the read side's, over this mart."""
    exists = con.execute("select count(*) from duckdb_tables() where table_name = 'mart_indicators'").fetchone()[0]
    if scope is not None and exists:
        con.execute("delete from mart_indicators where council_code = $scope and basis is not null",
                    {"scope": scope})
        rows = _spend_rows(con, scope)
        if rows:
            insert_frame(con, "mart_indicators", pd.DataFrame(rows, columns=COLUMNS))
        return
    con.execute(DDL)
    rows = _spend_rows(con)
    if rows:
        insert_frame(con, "mart_indicators", pd.DataFrame(rows, columns=COLUMNS))
    con.execute("""
        insert into mart_indicators
        select c.code, 'asc5_short_term_outcome', replace(s.financial_year, '-', '/'), null, s.value, null, null,
               null, false, case when c.code <> c.social_care_council_code
                           then 'Social care here is provided by the county: its figure.' end,
               c.social_care_council_code
        from councils c join social_care s
          on s.council_code = c.social_care_council_code and s.measure_id = 'ASC5'
    """)
    con.execute(f"""
        insert into mart_indicators
        select council_code, 'asset_transfers_completed',
               financial_year(date_agreed) as period, null,
               count(*), null, null, null, true, 'Synthetic demo register.', council_code
        from asset_transfers where status = 'completed' and date_agreed is not null
        group by all
    """)
