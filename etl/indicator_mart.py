"""mart_indicators: every indicator by council and financial year, computed once with kil.indicators.

Spend indicators come from the spend marts, for every financial year inside kil.periods' window in which a
council has spend lines (no literal list of years; the note says how many of the year's months a file covers);
ASC5 from Oflog's social care table (a district takes its county's); asset transfers from the synthetic registers.
Each row carries `synthetic` when anything under it is synthetic, so group medians can leave it out.
"""
from __future__ import annotations

import pandas as pd

from etl.reference_loads import insert_frame
from kil import indicators, periods

COLUMNS = ["council_code", "indicator_id", "period", "value", "numerator", "denominator", "coverage", "synthetic",
           "note"]
DDL = """
create or replace table mart_indicators (
    council_code varchar not null, indicator_id varchar not null, period varchar not null, value double,
    numerator double, denominator double, coverage double, synthetic boolean not null, note varchar,
    primary key (council_code, indicator_id, period)
)
"""
FY = "financial_year(month)"   # the macro in etl/sql/macros.sql


def _months_note(con) -> dict[tuple[str, str], str]:
    df = con.execute(f"""
        select council_code, {FY} as period, count(*) filter (status in ('complete', 'synthetic')) as covered
        from coverage where dataset = 'spend' group by all
    """).df()
    return {(r.council_code, r.period): (f"Spend data for {r.covered} of 12 months." if r.covered < 12 else "")
            for r in df.itertuples()}


def _spend_rows(con) -> list[dict]:
    notes = _months_note(con)
    monthly = con.execute(f"""
        select council_code, {FY} as period, supplier_class, locality, is_grant, bool_or(synthetic) as synthetic,
               sum(amount)::double as amount
        from mart_spend_monthly where kind = 'spend' group by all
    """).df()
    totals = con.execute("""
        select council_code, financial_year as period, supplier_key, supplier_class, bool_or(synthetic) as synthetic,
               sum(amount)::double as amount
        from mart_supplier_totals group by all
    """).df()
    rows, years = [], periods.window_years()
    for frame, ids in ((monthly, indicators.SPEND_MONTHLY_INDICATORS), (totals, indicators.SUPPLIER_INDICATORS)):
        frame = frame[frame["period"].isin(years)]
        for (council, period), group in frame.groupby(["council_code", "period"]):
            for indicator_id in ids:
                v = indicators.compute(indicator_id, group)
                note = ". ".join(x.rstrip(".") for x in (v.note, notes.get((council, period), "")) if x)
                note = note + "." if note else ""
                rows.append({"council_code": council, "indicator_id": indicator_id, "period": period,
                             "value": v.value, "numerator": v.numerator, "denominator": v.denominator,
                             "coverage": v.coverage, "synthetic": bool(group["synthetic"].any()), "note": note})
    return rows


def build(con) -> None:
    con.execute(DDL)
    rows = _spend_rows(con)
    if rows:
        insert_frame(con, "mart_indicators", pd.DataFrame(rows, columns=COLUMNS))
    con.execute("""
        insert into mart_indicators
        select c.code, 'asc5_short_term_outcome', replace(s.financial_year, '-', '/'), s.value, null, null, null,
               false, case when c.code <> c.social_care_council_code
                           then 'Social care here is provided by the county: its figure.' end
        from councils c join social_care s
          on s.council_code = c.social_care_council_code and s.measure_id = 'ASC5'
    """)
    con.execute(f"""
        insert into mart_indicators
        select council_code, 'asset_transfers_completed',
               financial_year(date_agreed) as period,
               count(*), null, null, null, true, 'Synthetic demo register.'
        from asset_transfers where status = 'completed' and date_agreed is not null
        group by all
    """)
