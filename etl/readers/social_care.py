"""The social care tables: Oflog's adult social care measures and their values by council and financial year.

`read_social_care(data_dir, council_codes)` reads
`data_dir/raw/social_care/oflog_adult_social_care_metrics_by_la_2015_2023.csv` once and returns both tables, in
load order: `social_care_measures` (one row per measure: name, unit, whether higher is better, whether it is in
the headlines) and `social_care` (one value per council, measure and financial year, under the 2019 council code;
`council_codes` are the councils table's codes, from `Geographies.council_codes()`). Oflog codes of other vintages
are mapped where the area is the same and rejected with a reason where it is not; zeros that stand for missing
become null. Each is `(DataFrame, [SourceLoad])` with exactly the columns of its table in etl/sql/reference.sql.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from etl.ledger import Reject, SourceLoad
from etl.readers.geography import raw_path

SOCIAL_CARE_FILE = "social_care/oflog_adult_social_care_metrics_by_la_2015_2023.csv"
MEASURE_COLUMNS = ["measure_id", "name", "unit", "higher_is_better", "in_headlines", "source_note"]
SOCIAL_CARE_COLUMNS = ["council_code", "measure_id", "financial_year", "value", "source_council_code", "note"]

# measure_id -> (unit, reference, can a true value be exactly 0?)
MEASURES = {
    "ASC1": ("score out of 12", "ASCOF 1D, carer survey (every two years)", False),
    "ASC2": ("score (adjusted social care-related quality of life)", "ASCOF 1J, user survey", False),
    "ASC3": ("% of service users", "ASCOF 3D part 1, user survey", False),
    "ASC4": ("% of carers", "ASCOF 3D part 2, carer survey (every two years)", False),
    "ASC5": ("% of people", "ASCOF 2D, SALT; small councils have tiny denominators, so 0 and 100 occur", True),
    "ASC6": ("rate (as published by Oflog; the file states no unit)", "SALT", False),
    "ASC7": ("% of staff", "Skills for Care: reuse terms to be confirmed, so not in headlines", False),
}
NOT_IN_HEADLINES = {"ASC7"}
# Oflog codes of other vintages. Mapped: the same area under a later code.
MAPPED_CODES = {
    "E06000060": ("E10000002", "Oflog's E06000060 (Buckinghamshire Council, unitary from April 2020) "
                               "shown under the 2019 county E10000002: the same area"),
}
# Not mappable to one 2019 council: the area differs, or two successors would share one 2019 code.
UNMAPPABLE_CODES = {
    "E06000028": "Bournemouth (abolished April 2019) merged with Poole and Christchurch into E06000058, "
                 "which has its own rows from 2019-20; no 2019 council has Bournemouth's area",
    "E06000029": "Poole (abolished April 2019) merged with Bournemouth and Christchurch into E06000058, "
                 "which has its own rows from 2019-20; no 2019 council has Poole's area",
    "E10000009": "Dorset County Council (abolished April 2019): the 2019 Dorset unitary E06000059 excludes "
                 "Christchurch and has its own rows from 2019-20",
    "E06000061": "North Northamptonshire (from April 2021) is one of two successors of the 2019 county "
                 "E10000021, which cannot hold two values a year",
    "E06000062": "West Northamptonshire (from April 2021) is one of two successors of the 2019 county "
                 "E10000021, which cannot hold two values a year",
}


def read_social_care(data_dir: Path, council_codes: list[str]) -> dict[str, tuple[pd.DataFrame, list[SourceLoad]]]:
    """{"social_care_measures": ..., "social_care": ...}, from one reading of the Oflog file."""
    path = raw_path(data_dir, SOCIAL_CARE_FILE)
    raw = pd.read_csv(path, dtype={"Financial year": str, "Local authority code": str, "Code": str,
                                   "rank_order": str, "Measure": str})
    return {"social_care_measures": _measures(path, raw), "social_care": _values(path, raw, set(council_codes))}


def _measures(path: Path, raw: pd.DataFrame) -> tuple[pd.DataFrame, list[SourceLoad]]:
    rows = []
    for measure_id, group in raw.groupby("Code", sort=True):
        if measure_id not in MEASURES:
            raise ValueError(f"{path}: measure {measure_id} has no unit in MEASURES; add it")
        unit, reference, _ = MEASURES[measure_id]
        names = group["Measure"].unique()
        orders = group["rank_order"].dropna().str.lower().unique()
        if len(names) != 1 or len(orders) > 1:
            raise ValueError(f"{path}: {measure_id} has names {list(names)} and rank orders {list(orders)}")
        rows.append({
            "measure_id": measure_id,
            "name": names[0].removeprefix("Outcome, "),
            "unit": unit,
            "higher_is_better": {"desc": True, "asc": False}.get(orders[0]) if len(orders) else None,
            "in_headlines": measure_id not in NOT_IN_HEADLINES,
            "source_note": f"Oflog adult social care metrics; {reference}"
                           + ("" if len(orders) else "; the source gives no rank order"),
        })
    df = pd.DataFrame(rows, columns=MEASURE_COLUMNS)
    df["higher_is_better"] = df["higher_is_better"].astype("boolean")
    load = SourceLoad(path=path, dataset="social_care_measures", rows_read=len(raw), rows_loaded=len(df),
                      rows_duplicate=len(raw) - len(df),
                      message="one measure per distinct Code; the other rows repeat a measure")
    return df, [load]


def _values(path: Path, raw: pd.DataFrame, known_codes: set[str]) -> tuple[pd.DataFrame, list[SourceLoad]]:
    df = pd.DataFrame({
        "source_council_code": raw["Local authority code"],
        "measure_id": raw["Code"],
        "financial_year": raw["Financial year"],
        "value": raw["Value"].astype("Float64"),
        "source_row": raw.index + 2,     # line number in the file (header is line 1)
    })
    df["council_code"] = df["source_council_code"].map(lambda c: MAPPED_CODES.get(c, (c,))[0])
    df["note"] = df["source_council_code"].map(lambda c: MAPPED_CODES.get(c, (None, pd.NA))[1]).astype("str")

    reasons = df["source_council_code"].map(UNMAPPABLE_CODES)
    unknown = reasons.isna() & ~df["council_code"].isin(known_codes)
    reasons[unknown] = "not a 2019 council code, and no mapping is known (add it to MAPPED_CODES or UNMAPPABLE_CODES)"
    rejected = reasons.notna()
    rejects = [Reject(row=int(line), raw=_csv_line(raw.loc[[line - 2]]), reason=reason)
               for line, reason in zip(df.loc[rejected, "source_row"], reasons[rejected])]
    df = df[~rejected]

    duplicate = df.duplicated(["council_code", "measure_id", "financial_year"])
    df = _missing_values(df[~duplicate])
    load = SourceLoad(path=path, dataset="social_care", rows_read=len(raw), rows_loaded=len(df),
                      rows_rejected=len(rejects), rows_duplicate=int(duplicate.sum()), rejects=rejects)
    df = df.sort_values(["council_code", "measure_id", "financial_year"], ignore_index=True)
    return df[SOCIAL_CARE_COLUMNS], [load]


def _csv_line(row: pd.DataFrame) -> str:
    return row.to_csv(header=False, index=False).strip()


def _missing_values(df: pd.DataFrame) -> pd.DataFrame:
    """Blank values stay null; exact zeros become null where a true 0 is impossible for the measure."""
    df = df.copy()
    zero_can_be_true = df["measure_id"].map(lambda m: MEASURES[m][2])
    blank = df["value"].isna()
    zero = df["value"].eq(0).fillna(False)
    _add_note(df, blank, "blank in the source")
    _add_note(df, zero & ~zero_can_be_true, "0 in the source stands for missing (this measure cannot be 0): null")
    _add_note(df, zero & zero_can_be_true, "0 kept: plausible where very few people are counted")
    df.loc[zero & ~zero_can_be_true, "value"] = pd.NA
    return df


def _add_note(df: pd.DataFrame, mask: pd.Series, note: str) -> None:
    old = df.loc[mask, "note"]
    df.loc[mask, "note"] = old.where(old.isna(), old + "; " + note).fillna(note)

