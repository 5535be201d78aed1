"""The product's months and financial years, defined once.

The window is what the pages show: from the pre-Covid baseline year (FY2019/20) to the last financial year any
council's published files reach (FY2023/24). Lines outside it load and count in the ledger, but no page shows them.
The list of financial years a page or mart offers follows from the data inside this window (`financial_years`),
never from a literal list.
"""
from __future__ import annotations

import datetime as dt

WINDOW_START = dt.date(2019, 4, 1)    # first month shown
WINDOW_END = dt.date(2024, 3, 1)      # last month shown (its first day)
BASELINE = "2019/20"                  # pre-Covid
RECOVERY = "2021/22"


def financial_year(d: dt.date) -> str:
    """'2020/21' for any day from April 2020 to March 2021 (the SQL macro `financial_year` in etl/sql/macros.sql
    is the same rule, for queries)."""
    start = d.year - (d.month < 4)
    return f"{start}/{(start + 1) % 100:02d}"


def window_months() -> list[dt.date]:
    """First day of every month in the window, in order."""
    months, y, m = [], WINDOW_START.year, WINDOW_START.month
    while (y, m) <= (WINDOW_END.year, WINDOW_END.month):
        months.append(dt.date(y, m, 1))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return months


def window_years() -> list[str]:
    """Every financial year the window spans (a mart keeps only those its data reaches)."""
    return sorted({financial_year(m) for m in window_months()})


def window_params() -> dict[str, dt.date]:
    """The window as bound query parameters: `$start` and `$end`."""
    return {"start": WINDOW_START, "end": WINDOW_END}
