"""The product's months and financial years, defined once.

The window is what the pages show: from the pre-Covid baseline year (FY2019/20) to the last financial year any
council's published files reach (FY2023/24). Lines outside it load and count in the ledger, but no page shows them.
The list of financial years a page or mart offers follows from the data inside this window (`financial_years`),
never from a literal list.

A headline (a figure that stands for "now", such as an Overview tile) uses one rule, `headline_year`: the latest
financial year with all 12 months on file, else the latest with at least HEADLINE_MIN_MONTHS; the figure names its
months (`months_label`: '2021/22' for a full year, 'Apr–Dec 2019' for part of one), and a change against BASELINE
is shown only when both years cover the same months of the year (`same_months`). Months on file per council and
year come from the `coverage` table (dashboard/queries.months_covered); annual data (Oflog, registers) covers whole
years (`full_year`).
"""
from __future__ import annotations

import datetime as dt
from typing import Iterable

WINDOW_START = dt.date(2019, 4, 1)    # first month shown
WINDOW_END = dt.date(2024, 3, 1)      # last month shown (its first day)
BASELINE = "2019/20"                  # pre-Covid
RECOVERY = "2021/22"
HEADLINE_MIN_MONTHS = 6               # a year with fewer months on file never makes a headline
COVERED_STATUSES = ("complete", "synthetic")   # coverage statuses of a month a file covers (etl/sql/coverage.sql)


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


def full_year(year: str) -> list[dt.date]:
    """First day of each of the 12 months of a financial year written '2020/21'."""
    start = int(year[:4])
    return [dt.date(start + (m < 4), m, 1) for m in (*range(4, 13), 1, 2, 3)]


def _months_of_year(months) -> set[int]:
    return {m.month for m in months}


def headline_year(months_by_year: dict[str, Iterable[dt.date]]) -> str | None:
    """The year a headline uses: the latest with all 12 months, else the latest with at least
    HEADLINE_MIN_MONTHS; None when no year has that many. `months_by_year`: financial year -> months on file."""
    counts = {year: len(_months_of_year(months)) for year, months in months_by_year.items()}
    for enough in (12, HEADLINE_MIN_MONTHS):
        years = [year for year, n in counts.items() if n >= enough]
        if years:
            return max(years)
    return None


def months_label(year: str, months: Iterable[dt.date]) -> str:
    """How a figure names its period: '2021/22' when all 12 months are on file, else the span of the months on
    file ('Apr–Dec 2019', 'Jun 2021', 'Oct 2021–Mar 2022'), with their count when the span has gaps
    ('Apr 2023–Mar 2024, 11 months')."""
    shown = sorted({m.replace(day=1) for m in months if financial_year(m) == year})
    if len(shown) == 12 or not shown:
        return year
    first, last = shown[0], shown[-1]
    if first == last:
        span = f"{first:%b %Y}"
    elif first.year == last.year:
        span = f"{first:%b}–{last:%b %Y}"
    else:
        span = f"{first:%b %Y}–{last:%b %Y}"
    gaps = len(shown) < (last.year - first.year) * 12 + last.month - first.month + 1
    return f"{span}, {len(shown)} months" if gaps else span


def year_label(year: str, months: Iterable[dt.date]) -> str:
    """A chosen financial year with the months on file when not all 12: '2021/22', '2019/20 (Apr–Dec 2019 on file)'."""
    label = months_label(year, months)
    return year if label == year else f"{year} ({label} on file)"


def same_months(a: Iterable[dt.date], b: Iterable[dt.date]) -> bool:
    """Whether two years cover the same months of the year (so a change between them is like for like)."""
    a, b = _months_of_year(a), _months_of_year(b)
    return bool(a) and a == b
