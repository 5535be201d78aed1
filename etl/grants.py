"""Which spend lines are grants: the one list, data/reference/grant_categories.csv.

A line is a grant when its council publishes a category column (spend.expense_type) and the line's category is
one the council uses for grants. Councils not in the list have no category column (Leeds and Wakefield processed
files) or none that names grants (Newcastle's is Revenue/Capital Expenditure), so their is_grant is null, shown as
'unknown', never as 'not a grant'.

Left out on purpose: Bradford 'Grants Capital Purps' (home repair grants paid to builders and households),
'Clothing Grant' (to families); Calderdale 'Grants And Subscriptions' (mixes subscriptions and early-years
funding), 'Government Grants' (school and pupil payments).

The spend-level expression is in etl/sql/mart_spend_monthly.sql (CTE `graded`): null when the council is not in
the list, else whether the line's expense_type is one of its grant categories.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from etl.ledger import SourceLoad

GRANT_CATEGORIES = Path(__file__).resolve().parent.parent / "data" / "reference" / "grant_categories.csv"


def read_grant_categories(path: Path = GRANT_CATEGORIES) -> pd.DataFrame:
    """council_code, expense_type (verbatim spend.expense_type counted as a grant), note."""
    return pd.read_csv(path, dtype="str", keep_default_na=False)


def grant_categories_load(path: Path = GRANT_CATEGORIES) -> tuple[pd.DataFrame, list[SourceLoad]]:
    """The `grant_categories` table and its ledger entry."""
    df = read_grant_categories(path)
    return df, [SourceLoad(path=path, dataset="grant_categories", rows_read=len(df), rows_loaded=len(df))]
