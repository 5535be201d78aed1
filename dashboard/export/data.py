"""Data files: a chart's or table's rows, exactly as shown, as CSV, XLSX or Parquet.

Units go into the column names (`amount (£)`, `value (£ per resident)`, `vcse_share (share 0-1)`). Counts are
integers in every format. CSV and XLSX are safe to open in a spreadsheet: in CSV a text cell that a spreadsheet would
run as a formula gets a leading `'`; XLSX types its cells, so text is stored as text (never a formula) and needs no
mark. Numbers stay numbers, at 15 significant digits in CSV and XLSX (76.45, not the float 76.44999999999999).
CSV is UTF-8 with a byte-order mark and CRLF line ends. Parquet holds the exact values.
Synthetic items say so in every file name (`<item id>.synthetic.<format>`).
"""
from __future__ import annotations

import io
import re

import pandas as pd

from kil import indicators

FORMATS = ("csv", "xlsx", "parquet")
MIME = {"csv": "text/csv", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "parquet": "application/vnd.apache.parquet"}
# Text cells starting with one of these are read as formulas (or commands) by spreadsheets.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
ILLEGAL_XLSX = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")   # control characters openpyxl refuses


# ----------------------------------------------------------------------------------------------- names and units

def file_stem(item) -> str:
    """`<item id>` or `<item id>.synthetic`: synthetic items say so in every file name."""
    return f"{item.id}.synthetic" if item.synthetic else item.id


def money_unit(measure: str) -> str:
    return "£ per resident" if measure == "per_head" else "£"


# Columns that count things (lines, files, rows, councils...): integers, even where a missing value made them float.
COUNT_COLUMNS = ("lines", "files", "rows", "rows_read", "rows_loaded", "rows_rejected", "rows_duplicate", "suppliers",
                 "transfers", "months", "months_missing", "cases", "year", "source_row", "median_segment")
SIGNIFICANT_DIGITS = 15   # of a float in CSV and XLSX: what a double holds, less its last, noisy digit

INDICATOR_UNITS = indicators.UNIT_LABELS
FIXED_UNITS = {"amount": "£", "external_amount": "£", "share_of_external": "share 0-1", "supplier_spend": "£",
               "market_value": "£", "discount": "£", "target": None,
               "council_rate": "cases per 100,000", "group_median": None, "england_rate": "cases per 100,000",
               "england_median": None, "network_median": None}


def value_unit(item, measure: str) -> str | None:
    """The unit of an item's `value` (and its medians), from what the item is."""
    df = item.data
    if "amount" in df and "value" in df:                       # spend by period: total or per head
        return money_unit(measure)
    for prefix in ("compare-", "trends-"):
        if item.id.startswith(prefix) and item.id[len(prefix):] in indicators.INDICATORS:
            return INDICATOR_UNITS.get(indicators.INDICATORS[item.id[len(prefix):]].unit)
    if "unit" in df and df["unit"].nunique() == 1:             # Oflog measures, pilot metrics
        return str(df["unit"].iloc[0])
    if item.id == "covid":
        return "cases per 100,000"
    if "indicator_id" in df:                                   # several indicators in one column
        units = {i: INDICATOR_UNITS.get(indicators.INDICATORS[i].unit) for i in df["indicator_id"].dropna().unique()
                 if i in indicators.INDICATORS}
        if units:
            return "; ".join(f"{u} for {i}" for i, u in units.items())
    return None


def unit_names(item, measure: str) -> dict[str, str]:
    """Column -> column with its unit, e.g. value -> 'value (£ per resident)', amount -> 'amount (£)'.
    Only numeric columns are renamed; a column already carrying a unit in brackets is left alone."""
    df = item.data
    unit = value_unit(item, measure)
    names = {}
    for col in df.columns:
        if not isinstance(col, str) or "(" in col or not pd.api.types.is_numeric_dtype(df[col]) \
                or pd.api.types.is_bool_dtype(df[col]):
            continue
        if col.endswith("share") or col.endswith("_share"):
            names[col] = f"{col} (share 0-1)"
        elif col in ("value", "median", "group_median", "england_median", "network_median", "target") and unit:
            names[col] = f"{col} ({unit})"
        elif FIXED_UNITS.get(col):
            names[col] = f"{col} ({FIXED_UNITS[col]})"
    return names


def is_count(column) -> bool:
    return isinstance(column, str) and (column in COUNT_COLUMNS or column.endswith("_councils"))


def integer_counts(df: pd.DataFrame) -> pd.DataFrame:
    """Count columns held as floats (a sum, or a missing value) as nullable integers, when every value is whole."""
    whole = {col: df[col].round().astype("Int64") for col in df.columns
             if is_count(col) and pd.api.types.is_float_dtype(df[col])
             and (df[col].dropna() == df[col].dropna().round()).all()}
    return df.assign(**whole) if whole else df


def table(item, measure: str) -> pd.DataFrame:
    """The rows on screen, with units in the column names and counts as integers."""
    return integer_counts(item.data).rename(columns=unit_names(item, measure))


def published(df: pd.DataFrame) -> pd.DataFrame:
    """Floats at SIGNIFICANT_DIGITS: a sum or median of published values reads as published (76.45)."""
    out = df.copy()
    for col in out.columns:
        if pd.api.types.is_float_dtype(out[col]):
            out[col] = out[col].map(lambda v: float(f"{v:.{SIGNIFICANT_DIGITS}g}"), na_action="ignore")
    return out


# ----------------------------------------------------------------------------------------------- formulas

def neutralise(value):
    """A text cell a spreadsheet would run as a formula gets a leading single quote; anything else is unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _is_text(s: pd.Series) -> bool:
    return pd.api.types.is_object_dtype(s) or pd.api.types.is_string_dtype(s)


def safe_frame(df: pd.DataFrame) -> pd.DataFrame:
    """Text cells neutralised (column names too); numbers, dates and booleans untouched."""
    out = df.copy()
    for col in out.columns:
        if _is_text(out[col]):
            out[col] = out[col].map(neutralise, na_action="ignore")
    out.columns = [neutralise(c) for c in out.columns]
    return out


# ----------------------------------------------------------------------------------------------- formats

def to_csv(df: pd.DataFrame) -> bytes:
    """RFC 4180 (CRLF line ends, so a field holding a CR or LF is quoted), UTF-8 with a byte-order mark so that
    spreadsheets read '£' right."""
    return safe_frame(published(df)).to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def _as_text(ws) -> None:
    """openpyxl writes a string starting with '=' as a formula: store every such cell as the text it is."""
    for row in ws.iter_rows():
        for cell in row:
            if cell.data_type == "f":
                cell.data_type = "s"


def to_xlsx(df: pd.DataFrame, about: dict[str, str] | None = None) -> bytes:
    """A `data` sheet and, when given, an `about` sheet of field -> value (dashboard/export/about.py: `sheet`).
    Text is stored as text cells, so nothing runs as a formula and nothing needs CSV's leading quote."""
    safe = published(df)
    for col in safe.columns:
        if _is_text(safe[col]):   # control characters (other than tab, CR, LF) cannot be stored in XLSX
            safe[col] = safe[col].map(lambda v: ILLEGAL_XLSX.sub("", v) if isinstance(v, str) else v,
                                      na_action="ignore")
        elif isinstance(safe[col].dtype, pd.DatetimeTZDtype):
            safe[col] = safe[col].dt.tz_localize(None)
        elif isinstance(safe[col].dtype, pd.api.extensions.ExtensionDtype):
            # nullable integers/booleans: openpyxl takes plain objects with None for missing
            safe[col] = safe[col].astype(object).where(safe[col].notna(), None)
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as xl:
        safe.to_excel(xl, sheet_name="data", index=False)
        if about:
            pd.DataFrame({"field": list(about), "value": [str(v) for v in about.values()]}).to_excel(
                xl, sheet_name="about", index=False)
        for ws in xl.sheets.values():
            _as_text(ws)
    return buf.getvalue()


def to_parquet(df: pd.DataFrame) -> bytes:
    """Exact values (Parquet is not a spreadsheet: nothing is neutralised)."""
    buf = io.BytesIO()
    df.to_parquet(buf, index=False, engine="pyarrow")
    return buf.getvalue()


def data_bytes(item, measure: str, fmt: str, about: dict[str, str] | None = None) -> bytes:
    """The item's rows with units in the column names, as `fmt` (about: the XLSX about sheet)."""
    df = table(item, measure)
    if fmt == "csv":
        return to_csv(df)
    if fmt == "xlsx":
        return to_xlsx(df, about)
    if fmt == "parquet":
        return to_parquet(df)
    raise ValueError(f"unknown data format {fmt!r}; formats: {', '.join(FORMATS)}")
