"""The councils table: every 2019 council of England (317 LADs and the 2019 counties), one row each.

`read_councils(data_dir, geo)` takes the boundaries already read (`etl.readers.geography.read_geographies`) and
reads, from `data_dir/raw/`:

- `covid/ltla_covid_cases_weekly_england.csv`: the ONS mid-2019 population it carries for each LAD (a county's is
  the sum of its districts');
- `deprivation/imd2019_lad19_england.csv`: the IoD2019 local authority summary (LADs only).

Type comes from the code's prefix, region and a district's social-care council (its county) from where it lies,
and the Keep it Local flags from kil.councils. It returns `(DataFrame, [SourceLoad, ...])` with exactly the columns
of `councils` in etl/sql/reference.sql, the boundary files included in the loads. `populations(data_dir)` is the
same population figures on their own, for the demo generator.
"""
from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from etl.ledger import SourceLoad
from etl.readers.covid import COVID_FILE
from etl.readers.geography import (IMD_COLUMNS, LAD_FILE, TOPO_FILE, Geographies, imd_in_scope, inside, raw_path,
                                   read_geographies, representative_points)
from kil import councils as network

IMD_LAD_FILE = "deprivation/imd2019_lad19_england.csv"

COUNCIL_TYPES = {
    "E06": "unitary",
    "E07": "district",
    "E08": "metropolitan borough",
    "E09": "London borough",
    "E10": "county",
}
COUNCIL_COLUMNS = [
    "code", "name", "type", "region", "population", "population_source",
    "imd_score", "imd_rank", *list(IMD_COLUMNS.values())[1:], "imd_note",
    "keep_it_local_network", "keep_it_local_pilot", "make_it_local", "social_care_council_code",
]


def read_councils(data_dir: Path, geo: Geographies) -> tuple[pd.DataFrame, list[SourceLoad]]:
    lads, counties = geo.lads, geo.counties
    df = _council_rows(geo)
    df["region"] = inside(representative_points(df), geo.regions, "areanm")

    population, pop_load = _population_2019(raw_path(data_dir, COVID_FILE))
    df = _add_population(df, population)

    imd, imd_load = imd_in_scope(raw_path(data_dir, IMD_LAD_FILE), "lad_code", list(lads["lad19cd"]), "councils")
    imd["imd_rank"] = imd["imd_score"].rank(ascending=False, method="min").astype("Int64")
    df = df.merge(imd, on="code", how="left")
    is_county = df["type"] == "county"
    df["imd_note"] = np.where(is_county, "not published here",
                              "MHCLG IoD2019 local authority summary (File 10); rank computed from the average score")

    df["keep_it_local_network"] = df["code"].isin(network.NETWORK)
    df["keep_it_local_pilot"] = df["code"].isin(network.KEEP_IT_LOCAL_PILOTS)
    df["make_it_local"] = df["code"].isin(network.MAKE_IT_LOCAL)

    topo_rejects = geo.topo_rejects
    topo_load = SourceLoad(
        path=raw_path(data_dir, TOPO_FILE), dataset="councils",
        rows_read=len(counties) + len(geo.regions) + len(topo_rejects),
        rows_loaded=len(counties) + len(geo.regions), rows_rejected=len(topo_rejects), rejects=topo_rejects,
        message="layers cty (2019 counties) and rgn (regions, used to give each council its region); "
                "row = 1-based feature number within its layer",
    )
    lad_load = SourceLoad(path=raw_path(data_dir, LAD_FILE), dataset="councils",
                          rows_read=len(lads), rows_loaded=len(lads))
    df = pd.DataFrame(df.drop(columns="geometry")).sort_values("code", ignore_index=True)
    return df[COUNCIL_COLUMNS], [lad_load, topo_load, imd_load, pop_load]


def populations(data_dir: Path, geo: Geographies | None = None) -> pd.DataFrame:
    """`type`, `population` and `population_source` of every council, indexed by code: the figures of the
    councils table (reads the boundaries when `geo` is not given)."""
    geo = geo or read_geographies(data_dir)
    population, _ = _population_2019(raw_path(data_dir, COVID_FILE))
    df = _add_population(_council_rows(geo), population)
    return pd.DataFrame(df[["code", "type", "population", "population_source"]]).set_index("code")


def _council_rows(geo: Geographies) -> gpd.GeoDataFrame:
    """code, name, geometry, type and social_care_council_code of the LADs and the counties."""
    lads, counties = geo.lads, geo.counties
    lad_rows = pd.DataFrame({"code": lads["lad19cd"], "name": lads["lad19nm"], "geometry": lads.geometry})
    county_rows = pd.DataFrame({"code": counties["areacd"], "name": counties["areanm"], "geometry": counties.geometry})
    df = gpd.GeoDataFrame(pd.concat([lad_rows, county_rows], ignore_index=True), crs="EPSG:4326")
    df["type"] = df["code"].map(lambda code: COUNCIL_TYPES[code[:3]])
    df["social_care_council_code"] = df["code"].map(geo.county_of_district).fillna(df["code"])
    return df


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
