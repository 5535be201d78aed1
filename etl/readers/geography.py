"""Geography: the 2019 council boundaries, read once per build, and the small areas of the network councils.

Reads, from `data_dir/raw/` (where etl/vendor_reference.py put them):

- `boundaries/lad2019_england_bsc.geojson` (the 317 LADs of 2019) and the `cty` and `rgn` layers of
  `boundaries/uk_lad_utla_2014_2025_ons_bsc.topo.json` (2019 counties, English regions) into `Geographies`:
  no table of its own; the councils, covid_cases and social_care readers take it (`read_geographies`);
- the ward boundary files in `WARD_FILES`, `lookups/wards_network.csv` (ward names and councils) and
  `deprivation/imd2019_ward19_england.csv` into the table `neighbourhoods` (`read_neighbourhoods`);
- the MSOA boundary files in `MSOA_FILES`, `lookups/msoa2011_names_hocl_v1.14.csv` (House of Commons Library
  names) and `deprivation/imd2019_msoa11_england.csv` into the table `msoas` (`read_msoas`).

IMD (`imd_in_scope`) is read the same way for LADs, wards and MSOAs. Each table reader returns
`(DataFrame, [SourceLoad, ...])` with exactly the columns of its table in etl/sql/reference.sql, in order.
Joins are on codes, never names.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from etl.ledger import Reject, SourceLoad

LAD_FILE = "boundaries/lad2019_england_bsc.geojson"
TOPO_FILE = "boundaries/uk_lad_utla_2014_2025_ons_bsc.topo.json"
IMD_WARD_FILE = "deprivation/imd2019_ward19_england.csv"
IMD_MSOA_FILE = "deprivation/imd2019_msoa11_england.csv"
WARD_LOOKUP_FILE = "lookups/wards_network.csv"
MSOA_NAMES_FILE = "lookups/msoa2011_names_hocl_v1.14.csv"

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

# Table columns, in the order of etl/sql/reference.sql
AREA_TAIL = ["geometry_geojson", "centroid_lon", "centroid_lat", *IMD_COLUMNS.values(), "imd_note"]
NEIGHBOURHOOD_COLUMNS = ["ward_code", "ward_name", "council_code", "boundary_vintage", *AREA_TAIL]
MSOA_COLUMNS = ["msoa_code", "msoa_name", "msoa_ons_name", "council_code", "boundary_vintage", *AREA_TAIL]


def raw_path(data_dir: Path, rel: str) -> Path:
    """Where a reference file lives: `data_dir/raw/<rel>`, absolute (the ledger records it)."""
    return (Path(data_dir) / "raw" / rel).resolve()


# ---------------------------------------------------------------------------------------------------------------
# The 2019 councils' boundaries, read once
# ---------------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Geographies:
    """The 317 LADs of 2019, the 2019 counties, the English regions and each district's county."""
    lads: gpd.GeoDataFrame
    counties: gpd.GeoDataFrame
    regions: gpd.GeoDataFrame
    county_of_district: dict[str, str]
    topo_rejects: list[Reject]        # features of the cty and rgn layers left out, with the reason

    def council_codes(self) -> list[str]:
        """The codes of the councils table (2019 LADs and 2019 counties)."""
        return [*self.lads["lad19cd"], *self.counties["areacd"]]


def read_geographies(data_dir: Path) -> Geographies:
    """Read the LAD file and the topology file once; a district's county is the one its representative point is in."""
    lads = gpd.read_file(raw_path(data_dir, LAD_FILE))
    topo = raw_path(data_dir, TOPO_FILE)
    counties, county_rejects = _counties_2019(topo)
    regions, region_rejects = _english_regions(topo)
    districts = lads[lads["lad19cd"].str.startswith("E07")]
    county_of = inside(representative_points(districts), counties, "areacd")
    if county_of.isna().any():
        missing = districts.loc[county_of.isna(), "lad19cd"].tolist()
        raise ValueError(f"{TOPO_FILE}: no 2019 county contains districts {missing}")
    return Geographies(lads=lads, counties=counties, regions=regions,
                       county_of_district=dict(zip(districts["lad19cd"], county_of)),
                       topo_rejects=county_rejects + region_rejects)


def _read_topo_layer(path: Path, layer: str) -> gpd.GeoDataFrame:
    """A TopoJSON layer; the file has no CRS member but is WGS84."""
    return gpd.read_file(path, layer=layer).set_crs("EPSG:4326", allow_override=True)


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


def inside(points: gpd.GeoSeries, areas: gpd.GeoDataFrame, code_column: str) -> pd.Series:
    """For each point, the code of the area it lies in (NaN if none)."""
    joined = gpd.sjoin(gpd.GeoDataFrame(geometry=points), areas[[code_column, "geometry"]], predicate="within")
    joined = joined[~joined.index.duplicated()]
    return joined[code_column].reindex(points.index)


def representative_points(gdf: gpd.GeoDataFrame) -> gpd.GeoSeries:
    return gdf.geometry.representative_point()


# ---------------------------------------------------------------------------------------------------------------
# Area columns and IMD, shared by councils, wards and MSOAs
# ---------------------------------------------------------------------------------------------------------------

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


def imd_in_scope(path: Path, code_column: str, wanted: list[str], dataset: str) -> tuple[pd.DataFrame, SourceLoad]:
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

    imd, imd_load = imd_in_scope(raw_path(data_dir, IMD_WARD_FILE), "ward_code", list(df["ward_code"]),
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
    imd, imd_load = imd_in_scope(raw_path(data_dir, IMD_MSOA_FILE), "msoa_code", list(df["msoa_code"]), "msoas")
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
