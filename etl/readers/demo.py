"""Read the synthetic demo files written by `etl/demo/` (asset transfer registers, Make it Local pilot metrics).

Both readers take the data folder (the one holding `demo/`) and return `(frame, loads)`: one frame whose columns
are exactly those of the table in `etl/sql/demo_tables.sql`, and one `SourceLoad` per file (synthetic=True) with
rows_read = rows_loaded + rows_rejected + rows_duplicate and every rejected line as a `Reject` with its reason.
"""
from __future__ import annotations

import csv
import datetime as dt
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pandas as pd

from etl.demo.layout import ASSET_COLUMNS, ASSET_TYPES, PILOT_COLUMNS, STATUSES, TENURES
from etl.ledger import Reject, SourceLoad
from kil import councils

ASSET_TABLE = ["council_code", *ASSET_COLUMNS, "synthetic", "source_file", "source_row"]
PILOT_TABLE = [*PILOT_COLUMNS, "synthetic", "source_file", "source_row"]


def _date(text: str, what: str) -> dt.date | None:
    if text == "":
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{what} {text!r} is not a date (YYYY-MM-DD)") from None


def _money(text: str, what: str) -> float | None:
    if text == "":
        return None
    try:
        value = Decimal(text.replace(",", "").replace("£", ""))
    except InvalidOperation:
        raise ValueError(f"{what} {text!r} is not an amount in pounds") from None
    if not value.is_finite():
        raise ValueError(f"{what} {text!r} is not an amount in pounds")
    return float(value.quantize(Decimal("0.01")))


def _number(text: str, what: str) -> float | None:
    if text == "":
        return None
    try:
        return float(text)
    except ValueError:
        raise ValueError(f"{what} {text!r} is not a number") from None


def _one_of(text: str, allowed: list[str], what: str) -> str:
    if text not in allowed:
        raise ValueError(f"{what} {text!r} is not one of {', '.join(allowed)}")
    return text


def _read(path: Path, data_dir: Path, dataset: str, expected: list[str], parse, key) -> tuple[list[dict], SourceLoad]:
    """Parse every record of one CSV with `parse(cells) -> dict`; a repeated `key(row)` counts as a duplicate."""
    load = SourceLoad(path=path, dataset=dataset, synthetic=True)
    source_file = path.relative_to(data_dir).as_posix()
    with open(path, encoding="utf-8", newline="") as f:
        records = list(csv.reader(f))
    header, body = (records[0], records[1:]) if records else ([], [])
    load.rows_read = len(body)
    if header != expected:
        load.status, load.rows_rejected = "rejected", len(body)
        load.message = (f"{path.name}: the header is not the demo layout. Expected: {', '.join(expected)}. "
                        f"Found: {', '.join(header)}.")
        load.rejects = [Reject(i + 2, ",".join(cells), "the file's header is not the demo layout")
                        for i, cells in enumerate(body)]
        return [], load
    rows, seen = [], set()
    for i, cells in enumerate(body):
        line = i + 2                                # the header is line 1
        raw = ",".join(cells)
        if len(cells) != len(expected):
            load.rejects.append(Reject(line, raw, f"{len(cells)} fields where the header has {len(expected)}"))
            continue
        try:
            row = parse(dict(zip(expected, cells)))
        except ValueError as e:
            load.rejects.append(Reject(line, raw, str(e)))
            continue
        if key(row) in seen:
            load.rows_duplicate += 1
            continue
        seen.add(key(row))
        row.update(synthetic=True, source_file=source_file, source_row=line)
        rows.append(row)
    load.rows_rejected = len(load.rejects)
    load.rows_loaded = len(rows)
    load.message = (f"{path.name}: {load.rows_loaded} loaded, {load.rows_rejected} rejected, "
                    f"{load.rows_duplicate} duplicate (SYNTHETIC demo data)")
    return rows, load


def _frame(rows: list[dict], columns: list[str], dates: list[str], strings: list[str]) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=columns)
    for c in dates:
        df[c] = pd.to_datetime(df[c]).astype("datetime64[s]")
    for c in strings:
        df[c] = df[c].astype("str").where(df[c].notna(), None)
    df["synthetic"] = df["synthetic"].astype("bool")
    df["source_row"] = df["source_row"].astype("int64")
    return df


def read_assets(data_dir: Path) -> tuple[pd.DataFrame, list[SourceLoad]]:
    """Every `demo/assets/<council>.synthetic.csv` under data_dir, as rows of `asset_transfers`."""
    data_dir = Path(data_dir)
    rows, loads = [], []
    for path in sorted((data_dir / "demo" / "assets").glob("*.synthetic.csv")):
        slug = path.name.removesuffix(".synthetic.csv")
        code = councils.SLUGS.get(slug)
        if code is None:
            load = SourceLoad(path=path, dataset="asset_transfers", synthetic=True, status="rejected",
                              message=f"{path.name}: {slug!r} is not a Keep it Local council. "
                                      f"Expected one of: {', '.join(sorted(councils.SLUGS))}.")
            loads.append(load)
            continue

        def parse(r: dict, code: str = code) -> dict:
            if not r["asset_id"]:
                raise ValueError("asset_id is blank")
            return {
                "council_code": code, **r,
                "postcode": r["postcode"] or None, "ward_code": r["ward_code"] or None,
                "ward_name": r["ward_name"] or None, "receiving_organisation": r["receiving_organisation"] or None,
                "asset_type": _one_of(r["asset_type"], ASSET_TYPES, "asset_type"),
                "tenure": _one_of(r["tenure"], TENURES, "tenure"),
                "status": _one_of(r["status"], STATUSES, "status"),
                "under_cat_policy": _one_of(r["under_cat_policy"], ["Y", "N"], "under_cat_policy"),
                "date_agreed": _date(r["date_agreed"], "date_agreed"),
                "market_value": _money(r["market_value"], "market_value"),
                "discount": _money(r["discount"], "discount"),
            }

        got, load = _read(path, data_dir, "asset_transfers", ASSET_COLUMNS, parse, key=lambda r: r["asset_id"])
        load.council_code = code
        rows += got
        loads.append(load)
    strings = [c for c in ASSET_TABLE if c not in ("date_agreed", "market_value", "discount", "synthetic",
                                                   "source_row")]
    return _frame(rows, ASSET_TABLE, ["date_agreed"], strings), loads


def read_pilot_metrics(data_dir: Path) -> tuple[pd.DataFrame, list[SourceLoad]]:
    """Every `demo/pilot/*.synthetic.csv` under data_dir, as rows of `pilot_metrics`."""
    data_dir = Path(data_dir)

    def parse(r: dict) -> dict:
        month = _date(r["month"], "month")
        if month is None or month.day != 1:
            raise ValueError(f"month {r['month']!r} is not the first day of a month (YYYY-MM-01)")
        if not r["organisation"] or not r["metric"]:
            raise ValueError("organisation or metric is blank")
        return {**r, "ward_code": r["ward_code"] or None, "month": month,
                "value": _number(r["value"], "value"), "target": _number(r["target"], "target")}

    rows, loads = [], []
    for path in sorted((data_dir / "demo" / "pilot").glob("*.synthetic.csv")):
        got, load = _read(path, data_dir, "pilot_metrics", PILOT_COLUMNS, parse,
                          key=lambda r: (r["pilot"], r["organisation"], r["month"], r["metric"]))
        load.council_code = councils.BRISTOL
        rows += got
        loads.append(load)
    strings = ["pilot", "organisation", "organisation_type", "ward_code", "metric", "unit", "source_file"]
    df = _frame(rows, PILOT_TABLE, ["month"], strings)
    df[["value", "target"]] = df[["value", "target"]].astype("float64")
    return df, loads
