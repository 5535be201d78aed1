"""Readers for the reference tables: councils, neighbourhoods (wards), msoas, covid_cases, social care.

Each `read_X(data_dir)` returns `(DataFrame, [SourceLoad, ...])`. The DataFrame's columns are exactly those of
the table of the same name in etl/sql/reference.sql, in the same order. Joins are on codes, never names.
Files are read from `data_dir/raw/...`, where etl/vendor_reference.py put them.
"""
from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from kil import councils
from etl.ledger import Reject, SourceLoad

SQL_FILE = Path(__file__).resolve().parents[1] / "sql" / "reference.sql"

# ---------------------------------------------------------------------------------------------------------------
# Fixed lists
# ---------------------------------------------------------------------------------------------------------------

NETWORK_CODES = councils.NETWORK
PILOT_CODES = set(councils.KEEP_IT_LOCAL_PILOTS)
MAKE_IT_LOCAL_CODES = set(councils.MAKE_IT_LOCAL)

COUNCIL_TYPES = {
    "E06": "unitary",
    "E07": "district",
    "E08": "metropolitan borough",
    "E09": "London borough",
    "E10": "county",
}

LAD_FILE = "boundaries/lad2019_england_bsc.geojson"
TOPO_FILE = "boundaries/uk_lad_utla_2014_2025_ons_bsc.topo.json"
IMD_LAD_FILE = "deprivation/imd2019_lad19_england.csv"
IMD_WARD_FILE = "deprivation/imd2019_ward19_england.csv"
IMD_MSOA_FILE = "deprivation/imd2019_msoa11_england.csv"
WARD_LOOKUP_FILE = "lookups/wards_network.csv"
MSOA_NAMES_FILE = "lookups/msoa2011_names_hocl_v1.14.csv"
COVID_FILE = "covid/ltla_covid_cases_weekly_england.csv"
SOCIAL_CARE_FILE = "social_care/oflog_adult_social_care_metrics_by_la_2015_2023.csv"

# council code -> (ward boundary file, its ward-code property, boundary vintage)
WARD_FILES = {
    "E06000023": ("boundaries/wards2019_bristol_E06000023.geojson", "wd19cd", "WD19"),
    "E08000032": ("boundaries/wards2024_bradford_E08000032.geojson", "WD24CD", "WD24"),
    "E08000033": ("boundaries/wards2025_calderdale_E08000033.geojson", "WD25CD", "WD25"),
    "E08000035": ("boundaries/wards2025_leeds_E08000035.geojson", "WD25CD", "WD25"),
    "E08000021": ("boundaries/wards2025_newcastle_E08000021.geojson", "WD25CD", "WD25"),
    "E08000036": ("boundaries/wards2025_wakefield_E08000036.geojson", "WD25CD", "WD25"),
}
MSOA_FILES = {
    "E08000032": "boundaries/msoa2011_bradford_E08000032.geojson",
    "E06000023": "boundaries/msoa2011_bristol_E06000023.geojson",
}
# Leeds wards whose codes are new since 2019 (a small boundary change), so the 2019 ward IMD does not cover them.
WARDS_NEW_SINCE_2019 = {
    "E05013830": "Garforth & Swillington has a new code since 2019 (its 2019 code was E05011393)",
    "E05013831": "Temple Newsam has a new code since 2019 (its 2019 code was probably E05011412)",
}

# IMD file column -> our column (the same in the LAD, ward and MSOA files)
IMD_COLUMNS = {
    "Score": "imd_score",
    "Proportion": "imd_proportion_most_deprived_10pc",
    "Extent": "imd_extent",
    "Income_Score": "income_score",
    "Employment_Score": "employment_score",
    "Education_Score": "education_score",
    "Health_Score": "health_score",
    "Crime_Score": "crime_score",
    "Housing_and_Access_Score": "housing_and_access_score",
    "Environment_Score": "environment_score",
}
SIMPLIFY_DEGREES = 0.0001     # about 7-11 m: modest, invisible on a choropleth
PRECISION_DEGREES = 0.00001   # about 1 m

# ---------------------------------------------------------------------------------------------------------------
# Table columns, in the order of etl/sql/reference.sql
# ---------------------------------------------------------------------------------------------------------------

COUNCIL_COLUMNS = [
    "code", "name", "type", "region", "population", "population_source",
    "imd_score", "imd_rank", *list(IMD_COLUMNS.values())[1:], "imd_note",
    "keep_it_local_network", "keep_it_local_pilot", "make_it_local", "social_care_council_code",
]
AREA_TAIL = ["geometry_geojson", "centroid_lon", "centroid_lat", *IMD_COLUMNS.values(), "imd_note"]
NEIGHBOURHOOD_COLUMNS = ["ward_code", "ward_name", "council_code", "boundary_vintage", *AREA_TAIL]
MSOA_COLUMNS = ["msoa_code", "msoa_name", "msoa_ons_name", "council_code", "boundary_vintage", *AREA_TAIL]
COVID_COLUMNS = [
    "council_code", "week_start", "week_ending", "cases", "population", "rate_per_100k", "is_partial_week", "note",
]
MEASURE_COLUMNS = ["measure_id", "name", "unit", "higher_is_better", "in_headlines", "source_note"]
SOCIAL_CARE_COLUMNS = ["council_code", "measure_id", "financial_year", "value", "source_council_code", "note"]


def raw_path(data_dir: Path, rel: str) -> Path:
    return (Path(data_dir) / "raw" / rel).resolve()


# ---------------------------------------------------------------------------------------------------------------
# Geography helpers
# ---------------------------------------------------------------------------------------------------------------

def _read_topo_layer(path: Path, layer: str) -> gpd.GeoDataFrame:
    """A TopoJSON layer; the file has no CRS member but is WGS84."""
    return gpd.read_file(path, layer=layer).set_crs("EPSG:4326", allow_override=True)


def _inside(points: gpd.GeoSeries, areas: gpd.GeoDataFrame, code_column: str) -> pd.Series:
    """For each point, the code of the area it lies in (NaN if none)."""
    joined = gpd.sjoin(gpd.GeoDataFrame(geometry=points), areas[[code_column, "geometry"]], predicate="within")
    joined = joined[~joined.index.duplicated()]
    return joined[code_column].reindex(points.index)


def _representative_points(gdf: gpd.GeoDataFrame) -> gpd.GeoSeries:
    return gdf.geometry.representative_point()


def _counties_2019(path: Path) -> tuple[gpd.GeoDataFrame, list[Reject]]:
    """Counties (E10) that existed in 2019: the cty layer less those whose `end` year is before 2019."""
    cty = _read_topo_layer(path, "cty")
    ended = cty["end"].notna() & (cty["end"] < 2019)
    rejects = [
        Reject(row=int(i) + 1, raw=f"cty {r.areacd} {r.areanm} end={int(r['end'])}",
               reason="county abolished before 2019 (its `end` year is before 2019); not a 2019 council")
        for i, r in cty[ended].iterrows()
    ]
    return cty[~ended].reset_index(drop=True), rejects


def _english_regions(path: Path) -> tuple[gpd.GeoDataFrame, list[Reject]]:
    rgn = _read_topo_layer(path, "rgn")
    english = rgn["areacd"].str.startswith("E12")
    rejects = [
        Reject(row=int(i) + 1, raw=f"rgn {r.areacd} {r.areanm}", reason="not an English region (England only)")
        for i, r in rgn[~english].iterrows()
    ]
    return rgn[english].reset_index(drop=True), rejects


def _geographies(data_dir: Path) -> dict:
    """The 317 LADs of 2019, the 2019 counties and each district's county (by where the district lies)."""
    lads = gpd.read_file(raw_path(data_dir, LAD_FILE))
    counties, county_rejects = _counties_2019(raw_path(data_dir, TOPO_FILE))
    regions, region_rejects = _english_regions(raw_path(data_dir, TOPO_FILE))
    districts = lads[lads["lad19cd"].str.startswith("E07")]
    county_of = _inside(_representative_points(districts), counties, "areacd")
    if county_of.isna().any():
        missing = districts.loc[county_of.isna(), "lad19cd"].tolist()
        raise ValueError(f"{TOPO_FILE}: no 2019 county contains districts {missing}")
    return {
        "lads": lads,
        "counties": counties,
        "regions": regions,
        "county_of_district": dict(zip(districts["lad19cd"], county_of)),
        "topo_rejects": county_rejects + region_rejects,
    }


def _geojson(geom) -> str:
    simple = shapely.set_precision(geom.simplify(SIMPLIFY_DEGREES, preserve_topology=True), PRECISION_DEGREES)
    return shapely.to_geojson(simple)


def _centroids(gdf: gpd.GeoDataFrame) -> gpd.GeoSeries:
    """Centroids computed in British National Grid (metres), returned as WGS84 points."""
    return gdf.geometry.to_crs("EPSG:27700").centroid.to_crs("EPSG:4326")


def _area_columns(gdf: gpd.GeoDataFrame) -> pd.DataFrame:
    """geometry_geojson, centroid_lon, centroid_lat for each feature."""
    centroids = _centroids(gdf)
    return pd.DataFrame({
        "geometry_geojson": [_geojson(g) for g in gdf.geometry],
        "centroid_lon": centroids.x.round(6),
        "centroid_lat": centroids.y.round(6),
    }, index=gdf.index)


def _imd_in_scope(path: Path, code_column: str, wanted: list[str], dataset: str) -> tuple[pd.DataFrame, SourceLoad]:
    """The IMD rows for the wanted codes, renamed. rows_read counts the wanted codes found in the file."""
    imd = pd.read_csv(path, dtype={code_column: str})
    total = len(imd)
    imd = imd[imd[code_column].isin(wanted)]
    duplicate = int(imd[code_column].duplicated().sum())
    imd = imd.drop_duplicates(code_column)
    load = SourceLoad(
        path=path, dataset=dataset, rows_read=len(imd) + duplicate, rows_loaded=len(imd),
        rows_duplicate=duplicate, rows_missing=len(set(wanted) - set(imd[code_column])),
        message=f"{total:,} rows in the file; rows_read counts the {len(imd) + duplicate} rows for the "
                f"{len(wanted)} wanted codes; rows_missing = wanted codes not in the file",
    )
    renamed = imd.rename(columns={code_column: "code", **IMD_COLUMNS})[["code", *IMD_COLUMNS.values()]]
    return renamed, load


# ---------------------------------------------------------------------------------------------------------------
# councils
# ---------------------------------------------------------------------------------------------------------------

def _council_type(code: str) -> str:
    return COUNCIL_TYPES[code[:3]]


def _population_2019(path: Path) -> tuple[pd.Series, SourceLoad]:
    """One mid-2019 population per LAD, as carried by the Covid weekly file."""
    covid = pd.read_csv(path, dtype={"area_code": str}, usecols=["area_code", "population"])
    per_area = covid.groupby("area_code")["population"]
    if (per_area.nunique() > 1).any():
        raise ValueError(f"{path}: more than one population for {per_area.nunique().gt(1).sum()} areas")
    population = per_area.first()
    load = SourceLoad(
        path=path, dataset="councils", rows_read=len(covid), rows_loaded=len(population),
        rows_duplicate=len(covid) - len(population),
        message="population only: one figure per area, repeated on every weekly row (the repeats count as duplicates)",
    )
    return population, load


def read_councils(data_dir: Path) -> tuple[pd.DataFrame, list[SourceLoad]]:
    geo = _geographies(data_dir)
    lads, counties = geo["lads"], geo["counties"]

    lad_rows = pd.DataFrame({"code": lads["lad19cd"], "name": lads["lad19nm"], "geometry": lads.geometry})
    county_rows = pd.DataFrame({"code": counties["areacd"], "name": counties["areanm"], "geometry": counties.geometry})
    df = gpd.GeoDataFrame(pd.concat([lad_rows, county_rows], ignore_index=True), crs="EPSG:4326")
    df["type"] = df["code"].map(_council_type)
    df["region"] = _inside(_representative_points(df), geo["regions"], "areanm")
    df["social_care_council_code"] = df["code"].map(geo["county_of_district"]).fillna(df["code"])

    population, pop_load = _population_2019(raw_path(data_dir, COVID_FILE))
    df = _add_population(df, population)

    imd, imd_load = _imd_in_scope(raw_path(data_dir, IMD_LAD_FILE), "lad_code", list(lads["lad19cd"]), "councils")
    imd["imd_rank"] = imd["imd_score"].rank(ascending=False, method="min").astype("Int64")
    df = df.merge(imd, on="code", how="left")
    is_county = df["type"] == "county"
    df["imd_note"] = np.where(is_county, "not published here",
                              "MHCLG IoD2019 local authority summary (File 10); rank computed from the average score")

    df["keep_it_local_network"] = df["code"].isin(NETWORK_CODES)
    df["keep_it_local_pilot"] = df["code"].isin(PILOT_CODES)
    df["make_it_local"] = df["code"].isin(MAKE_IT_LOCAL_CODES)

    topo_path = raw_path(data_dir, TOPO_FILE)
    topo_rejects = geo["topo_rejects"]
    topo_load = SourceLoad(
        path=topo_path, dataset="councils", rows_read=len(counties) + len(geo["regions"]) + len(topo_rejects),
        rows_loaded=len(counties) + len(geo["regions"]), rows_rejected=len(topo_rejects), rejects=topo_rejects,
        message="layers cty (2019 counties) and rgn (regions, used to give each council its region); "
                "row = 1-based feature number within its layer",
    )
    lad_load = SourceLoad(path=raw_path(data_dir, LAD_FILE), dataset="councils",
                          rows_read=len(lads), rows_loaded=len(lads))
    df = pd.DataFrame(df.drop(columns="geometry")).sort_values("code", ignore_index=True)
    return df[COUNCIL_COLUMNS], [lad_load, topo_load, imd_load, pop_load]


def _add_population(df: pd.DataFrame, population: pd.Series) -> pd.DataFrame:
    """LADs take their own figure; counties the sum of their districts' figures."""
    df = df.copy()
    df["population"] = df["code"].map(population).astype("Int64")
    df["population_source"] = np.where(
        df["population"].notna(),
        "ONS mid-2019 estimate, as carried by covid/ltla_covid_cases_weekly_england.csv (ukc19 uk_population_2019)",
        "not in the files here (the Covid file has no rows for this area)",
    )
    is_county = df["type"] == "county"
    district_sums = df[df["type"] == "district"].groupby("social_care_council_code")["population"].sum()
    df.loc[is_county, "population"] = df.loc[is_county, "code"].map(district_sums).astype("Int64")
    df.loc[is_county, "population_source"] = (
        "sum of its districts' mid-2019 estimates (covid/ltla_covid_cases_weekly_england.csv)"
    )
    return df


# ---------------------------------------------------------------------------------------------------------------
# neighbourhoods (wards) and msoas
# ---------------------------------------------------------------------------------------------------------------

def read_neighbourhoods(data_dir: Path) -> tuple[pd.DataFrame, list[SourceLoad]]:
    lookup_path = raw_path(data_dir, WARD_LOOKUP_FILE)
    lookup = pd.read_csv(lookup_path, dtype=str)
    loads = [SourceLoad(path=lookup_path, dataset="neighbourhoods", rows_read=len(lookup), rows_loaded=len(lookup),
                        message="ward code -> name and council")]
    frames = []
    for council_code, (rel, code_column, vintage) in WARD_FILES.items():
        wards, load = _read_ward_file(raw_path(data_dir, rel), code_column, council_code, lookup)
        wards["boundary_vintage"] = vintage
        frames.append(wards)
        loads.append(load)
    df = pd.concat(frames, ignore_index=True)

    imd, imd_load = _imd_in_scope(raw_path(data_dir, IMD_WARD_FILE), "ward_code", list(df["ward_code"]),
                                  "neighbourhoods")
    loads.append(imd_load)
    df = df.merge(imd.rename(columns={"code": "ward_code"}), on="ward_code", how="left")
    df["imd_note"] = [_ward_imd_note(code, score) for code, score in zip(df["ward_code"], df["imd_score"])]
    return df.sort_values("ward_code", ignore_index=True)[NEIGHBOURHOOD_COLUMNS], loads


def _read_ward_file(path: Path, code_column: str, council_code: str,
                    lookup: pd.DataFrame) -> tuple[pd.DataFrame, SourceLoad]:
    """One council's wards with the lookup's name and council; wards not in the lookup for this council are rejected."""
    gdf = gpd.read_file(path)
    known = lookup[lookup["lad_code"] == council_code].set_index("ward_code")
    in_lookup = gdf[code_column].isin(known.index)
    rejects = [
        Reject(row=int(i) + 1, raw=f"{r[code_column]}",
               reason=f"ward code not listed for {council_code} in {WARD_LOOKUP_FILE}")
        for i, r in gdf[~in_lookup].iterrows()
    ]
    gdf = gdf[in_lookup]
    df = _area_columns(gdf)
    df["ward_code"] = gdf[code_column]
    df["ward_name"] = gdf[code_column].map(known["ward_name"])
    df["council_code"] = council_code
    load = SourceLoad(path=path, dataset="neighbourhoods", council_code=council_code, rows_read=len(in_lookup),
                      rows_loaded=len(gdf), rows_rejected=len(rejects), rejects=rejects)
    return df.reset_index(drop=True), load


def _ward_imd_note(ward_code: str, imd_score: float) -> str:
    if pd.notna(imd_score):
        return ("IoD2019 aggregated to 2019 wards by the humaniverse/IMD authors (population-weighted from LSOA "
                "scores): an unofficial aggregation, not an MHCLG release")
    if ward_code in WARDS_NEW_SINCE_2019:
        return f"no IMD: {WARDS_NEW_SINCE_2019[ward_code]}, and the 2019 ward aggregation has no row for it"
    return "no IMD: this ward code has no row in the 2019 ward aggregation"


def read_msoas(data_dir: Path) -> tuple[pd.DataFrame, list[SourceLoad]]:
    loads, frames = [], []
    for council_code, rel in MSOA_FILES.items():
        path = raw_path(data_dir, rel)
        gdf = gpd.read_file(path)
        df = _area_columns(gdf)
        df["msoa_code"] = gdf["MSOA11CD"]
        df["msoa_ons_name"] = gdf["MSOA11NM"]
        df["council_code"] = council_code
        frames.append(df)
        loads.append(SourceLoad(path=path, dataset="msoas", council_code=council_code,
                                rows_read=len(gdf), rows_loaded=len(gdf)))
    df = pd.concat(frames, ignore_index=True)
    df["boundary_vintage"] = "MSOA 2011"

    names, names_load = _msoa_names(raw_path(data_dir, MSOA_NAMES_FILE), list(df["msoa_code"]))
    df["msoa_name"] = df["msoa_code"].map(names)
    if df["msoa_name"].isna().any():
        raise ValueError(f"{MSOA_NAMES_FILE}: no name for {df.loc[df['msoa_name'].isna(), 'msoa_code'].tolist()}")
    imd, imd_load = _imd_in_scope(raw_path(data_dir, IMD_MSOA_FILE), "msoa_code", list(df["msoa_code"]), "msoas")
    df = df.merge(imd.rename(columns={"code": "msoa_code"}), on="msoa_code", how="left")
    df["imd_note"] = np.where(
        df["imd_score"].notna(),
        "IoD2019 aggregated to 2011 MSOAs by the humaniverse/IMD authors: an unofficial aggregation",
        "no IMD: this MSOA has no row in the MSOA aggregation",
    )
    return df.sort_values("msoa_code", ignore_index=True)[MSOA_COLUMNS], [*loads, names_load, imd_load]


def _msoa_names(path: Path, wanted: list[str]) -> tuple[pd.Series, SourceLoad]:
    """House of Commons Library names for the wanted MSOAs (the file starts with a BOM)."""
    names = pd.read_csv(path, encoding="utf-8-sig", dtype=str)
    total = len(names)
    names = names[names["msoa11cd"].isin(wanted)].drop_duplicates("msoa11cd")
    load = SourceLoad(path=path, dataset="msoas", rows_read=len(names), rows_loaded=len(names),
                      rows_missing=len(set(wanted) - set(names["msoa11cd"])),
                      message=f"{total:,} rows in the file; rows_read counts the rows for the {len(wanted)} wanted MSOAs")
    return names.set_index("msoa11cd")["msoa11hclnm"], load


# ---------------------------------------------------------------------------------------------------------------
# covid_cases
# ---------------------------------------------------------------------------------------------------------------

HACKNEY, CITY_OF_LONDON, YORK, ISLES_OF_SCILLY = "E09000012", "E09000001", "E06000014", "E06000053"
# Areas with no daily rows for 2020-10-01..31 in the source: Hackney, Buckinghamshire and Northamptonshire districts.
OCTOBER_2020_GAP = {HACKNEY, "E07000004", "E07000005", "E07000006", "E07000007",
                    "E07000150", "E07000151", "E07000152", "E07000153", "E07000154", "E07000155", "E07000156"}
OCTOBER_2020_MISSING_WEEKS = pd.to_datetime(["2020-10-05", "2020-10-12", "2020-10-19"])
OCTOBER_2020_PARTIAL_WEEKS = pd.to_datetime(["2020-09-28", "2020-10-26"])
YORK_PARTIAL_WEEK = pd.Timestamp("2020-01-27")      # the source lacks York's 2020-01-31
LAST_DAY_IN_SOURCE = pd.Timestamp("2023-12-12")


def read_covid_cases(data_dir: Path) -> tuple[pd.DataFrame, list[SourceLoad]]:
    path = raw_path(data_dir, COVID_FILE)
    raw = pd.read_csv(path, dtype={"area_code": str}, parse_dates=["week_start"])
    load = SourceLoad(path=path, dataset="covid_cases", rows_read=len(raw))
    duplicate = raw.duplicated(["area_code", "week_start"])
    load.rows_duplicate = int(duplicate.sum())
    raw = raw[~duplicate]

    geo = _geographies(data_dir)
    weeks = pd.date_range(raw["week_start"].min(), raw["week_start"].max(), freq="7D")
    grid = pd.MultiIndex.from_product([sorted(geo["lads"]["lad19cd"]), weeks], names=["area_code", "week_start"])
    lads = grid.to_frame(index=False).merge(raw[["area_code", "week_start", "cases"]], how="left")
    lads = _fill_missing_weeks(lads, raw)
    lads["population"] = lads["area_code"].map(raw.groupby("area_code")["population"].first()).astype("Int64")
    load.rows_loaded = int(lads["from_source"].sum())
    load.message = (f"{len(lads) - load.rows_loaded:,} area-weeks with no row were added: 0 before an area's first "
                    "case, null where the source lacks them; counties are sums of their districts")

    counties = _sum_counties(lads, geo["county_of_district"])
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


# ---------------------------------------------------------------------------------------------------------------
# social_care_measures and social_care
# ---------------------------------------------------------------------------------------------------------------

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


def _social_care_raw(data_dir: Path) -> tuple[Path, pd.DataFrame]:
    path = raw_path(data_dir, SOCIAL_CARE_FILE)
    raw = pd.read_csv(path, dtype={"Financial year": str, "Local authority code": str, "Code": str,
                                   "rank_order": str, "Measure": str})
    return path, raw


def read_social_care_measures(data_dir: Path) -> tuple[pd.DataFrame, list[SourceLoad]]:
    path, raw = _social_care_raw(data_dir)
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


def read_social_care(data_dir: Path) -> tuple[pd.DataFrame, list[SourceLoad]]:
    path, raw = _social_care_raw(data_dir)
    known_codes = set(council_codes(data_dir))
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


def council_codes(data_dir: Path) -> list[str]:
    """The codes of the councils table (2019 LADs and 2019 counties), without reading anything else."""
    geo = _geographies(data_dir)
    return [*geo["lads"]["lad19cd"], *geo["counties"]["areacd"]]


# ---------------------------------------------------------------------------------------------------------------
# all, in load order
# ---------------------------------------------------------------------------------------------------------------

READERS = {
    "councils": read_councils,
    "neighbourhoods": read_neighbourhoods,
    "msoas": read_msoas,
    "covid_cases": read_covid_cases,
    "social_care_measures": read_social_care_measures,
    "social_care": read_social_care,
}


def read_all(data_dir: Path) -> dict[str, tuple[pd.DataFrame, list[SourceLoad]]]:
    """Every reference table, in load order (councils first: the others refer to its codes)."""
    return {table: reader(Path(data_dir)) for table, reader in READERS.items()}
