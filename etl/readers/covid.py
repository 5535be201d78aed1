"""The covid_cases table: weekly Covid-19 cases for every 2019 council, every week the source covers.

`read_covid_cases(data_dir, geo)` reads `data_dir/raw/covid/ltla_covid_cases_weekly_england.csv` (UKHSA cases by
lower-tier area and week, with the ONS mid-2019 population, via ukc19) and takes the 2019 LADs and each district's
county from the boundaries already read (`etl.readers.geography.read_geographies`). Every LAD gets every week;
weeks the source lacks are filled as its known gaps say (0 before an area's first case, null where it is missing,
partial weeks marked), and counties are the sums of their districts. It returns `(DataFrame, [SourceLoad])` with
exactly the columns of `covid_cases` in etl/sql/reference.sql.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from etl.ledger import SourceLoad
from etl.readers.geography import Geographies, raw_path

COVID_FILE = "covid/ltla_covid_cases_weekly_england.csv"
COVID_COLUMNS = [
    "council_code", "week_start", "week_ending", "cases", "population", "rate_per_100k", "is_partial_week", "note",
]

HACKNEY, CITY_OF_LONDON, YORK, ISLES_OF_SCILLY = "E09000012", "E09000001", "E06000014", "E06000053"
# Areas with no daily rows for 2020-10-01..31 in the source: Hackney, Buckinghamshire and Northamptonshire districts.
OCTOBER_2020_GAP = {HACKNEY, "E07000004", "E07000005", "E07000006", "E07000007",
                    "E07000150", "E07000151", "E07000152", "E07000153", "E07000154", "E07000155", "E07000156"}
OCTOBER_2020_MISSING_WEEKS = pd.to_datetime(["2020-10-05", "2020-10-12", "2020-10-19"])
OCTOBER_2020_PARTIAL_WEEKS = pd.to_datetime(["2020-09-28", "2020-10-26"])
YORK_PARTIAL_WEEK = pd.Timestamp("2020-01-27")      # the source lacks York's 2020-01-31
LAST_DAY_IN_SOURCE = pd.Timestamp("2023-12-12")


def read_covid_cases(data_dir: Path, geo: Geographies) -> tuple[pd.DataFrame, list[SourceLoad]]:
    path = raw_path(data_dir, COVID_FILE)
    raw = pd.read_csv(path, dtype={"area_code": str}, parse_dates=["week_start"])
    load = SourceLoad(path=path, dataset="covid_cases", rows_read=len(raw))
    duplicate = raw.duplicated(["area_code", "week_start"])
    load.rows_duplicate = int(duplicate.sum())
    raw = raw[~duplicate]

    weeks = pd.date_range(raw["week_start"].min(), raw["week_start"].max(), freq="7D")
    grid = pd.MultiIndex.from_product([sorted(geo.lads["lad19cd"]), weeks], names=["area_code", "week_start"])
    lads = grid.to_frame(index=False).merge(raw[["area_code", "week_start", "cases"]], how="left")
    lads = _fill_missing_weeks(lads, raw)
    lads["population"] = lads["area_code"].map(raw.groupby("area_code")["population"].first()).astype("Int64")
    load.rows_loaded = int(lads["from_source"].sum())
    load.message = (f"{len(lads) - load.rows_loaded:,} area-weeks with no row were added: 0 before an area's first "
                    "case, null where the source lacks them; counties are sums of their districts")

    counties = _sum_counties(lads, geo.county_of_district)
    df = pd.concat([lads, counties], ignore_index=True).rename(columns={"area_code": "council_code"})
    df["cases"] = df["cases"].astype("Int64")
    df["rate_per_100k"] = (df["cases"] / df["population"] * 100_000).astype("Float64")
    df["week_ending"] = df["week_start"] + pd.Timedelta(days=6)
    for column in ("week_start", "week_ending"):
        df[column] = df[column].dt.date
    df = df.sort_values(["council_code", "week_start"], ignore_index=True)
    return df[COVID_COLUMNS], [load]


def _fill_missing_weeks(df: pd.DataFrame, raw: pd.DataFrame) -> pd.DataFrame:
    """Set cases, is_partial_week and note for every area-week, following the source's known gaps."""
    df = df.copy()
    first_week = df["area_code"].map(raw.groupby("area_code")["week_start"].min())
    df["from_source"] = df["cases"].notna()
    df["is_partial_week"] = False
    df["note"] = pd.Series(pd.NA, index=df.index, dtype="str")
    no_row = ~df["from_source"]

    def set_rows(mask, note, cases=None, partial=None):
        df.loc[mask, "note"] = note
        if cases is not None:
            df.loc[mask, "cases"] = cases
        if partial is not None:
            df.loc[mask, "is_partial_week"] = partial

    in_gap = df["area_code"].isin(OCTOBER_2020_GAP)
    set_rows(no_row & (df["week_start"] < first_week), "no row before the area's first reported case: 0", cases=0)
    set_rows(no_row & (df["week_start"] > first_week), "no row in the source")
    set_rows(no_row & in_gap & df["week_start"].isin(OCTOBER_2020_MISSING_WEEKS), "October 2020 missing in the source")
    set_rows(in_gap & df["week_start"].isin(OCTOBER_2020_PARTIAL_WEEKS),
             "partial week: October 2020 days missing in the source", partial=True)
    set_rows(df["area_code"] == ISLES_OF_SCILLY, "no rows in the source (probably reported with Cornwall)")
    city = df["area_code"] == CITY_OF_LONDON
    set_rows(city & no_row, "City of London is reported with Hackney in the source, except in October 2020", cases=pd.NA)
    set_rows(city & ~no_row, "October 2020 only: looks like Hackney and City of London combined")
    set_rows((df["area_code"] == YORK) & (df["week_start"] == YORK_PARTIAL_WEEK),
             "partial week: the source lacks 2020-01-31", partial=True)
    last_days = (LAST_DAY_IN_SOURCE - df["week_start"]).dt.days + 1
    set_rows(last_days < 7, "partial week: the source ends on 2023-12-12", partial=True)
    return df


def _sum_counties(lads: pd.DataFrame, county_of_district: dict[str, str]) -> pd.DataFrame:
    """County weeks as the sum of their districts; null when any district is null, partial when any is partial."""
    districts = lads[lads["area_code"].isin(county_of_district)].copy()
    districts["county"] = districts["area_code"].map(county_of_district)
    grouped = districts.groupby(["county", "week_start"])
    counties = grouped.agg(
        cases=("cases", "sum"), population=("population", "sum"), is_partial_week=("is_partial_week", "any"),
        n_districts=("area_code", "size"), n_null=("cases", lambda s: int(s.isna().sum())),
    ).reset_index().rename(columns={"county": "area_code"})
    district_notes = grouped["note"].agg(lambda s: "; ".join(sorted(set(s.dropna())))).reset_index(drop=True)
    counties["cases"] = counties["cases"].where(counties["n_null"] == 0)
    counties["note"] = [
        f"sum of its {n} districts" + (f"; district notes: {notes}" if notes else "")
        for n, notes in zip(counties["n_districts"], district_notes)
    ]
    counties["from_source"] = False
    return counties.drop(columns=["n_districts", "n_null"])
